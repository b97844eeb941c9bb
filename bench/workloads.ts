// The chat workloads, identical for QChat and the relay: 1:1 sends around a ring (user i to
// user i+1) at a fixed aggregate rate, or as fast as acks and receipts allow with a bounded
// in-flight window per sender; then a drain that waits for every outstanding message.
import { createLedger, type LedgerResult } from "./ledger";
import { drain, paced, runFor, startPhase, type PhaseClock } from "./phase-driver";
import type { Conversations, Tracker, UserSocket } from "./sockets";

export interface PhaseResult extends LedgerResult {
  durationMs: number;
  /** Delivered messages per second, first send to last receipt. */
  throughput: number;
  /** How far the sender fell behind the schedule (fixed rate only). */
  maxLagMs: number;
  /** Frames the clients received per message sent, all sockets (acks, echoes, receipts...). */
  framesPerMessage: number;
  drainedMs: number;
  /** Sockets the server closed during the phase, by close code. */
  serverCloses: Record<string, number>;
}

export interface PhaseContext {
  sockets: UserSocket[];
  conversations: Conversations;
  /** The sockets' tracker is swapped to this phase's ledger. */
  setTracker(tracker: Tracker): void;
  /** Called often; the reporter throttles it. */
  body: string;
  tag: string;
  /** A drain gives up after this long without a single message completing. */
  drainTimeoutMs: number;
  progress(line: string): void;
}

function finish(clock: PhaseClock, result: LedgerResult, maxLagMs: number, drainedMs: number): PhaseResult {
  const span = Math.max(1, result.lastReceivedAt - result.firstSentAt);
  const { durationMs, frames, serverCloses } = clock.end();
  return {
    ...result,
    durationMs,
    throughput: (result.received / span) * 1000,
    maxLagMs,
    framesPerMessage: result.sent > 0 ? frames / result.sent : 0,
    drainedMs,
    serverCloses,
  };
}

/** Open loop: `rate` messages per second in total, spread round-robin over the ring. */
export async function fixedRate(ctx: PhaseContext, rate: number, durationMs: number): Promise<PhaseResult> {
  const { sockets } = ctx;
  const ledger = createLedger(ctx.conversations);
  ctx.setTracker(ledger);
  const total = Math.round((rate * durationMs) / 1000);
  const clock = startPhase(sockets);
  const send = (n: number) => {
    const i = n % sockets.length;
    const from = sockets[i]!;
    const to = sockets[(i + 1) % sockets.length]!.uid;
    const id = `${ctx.tag}-${from.uid}-${n}`;
    ledger.record(id, from.uid, to);
    from.send(to, id, ctx.body);
  };
  const progress = (sent: number) => ctx.progress(`${ctx.tag}: ${sent}/${total} sent, ${ledger.outstanding()} outstanding`);
  const maxLagMs = await paced({ rate, total, tickMs: 2, firstAtOnce: false, send, progress }, clock.startedAt);
  const drainedMs = await drain(ledger.outstanding, ctx.drainTimeoutMs);
  return finish(clock, ledger.result(), maxLagMs, drainedMs);
}

/** Closed loop: each sender keeps `window` messages in flight (sent, not yet acked and received). */
export async function windowed(ctx: PhaseContext, window: number, durationMs: number): Promise<PhaseResult> {
  const { sockets } = ctx;
  const index = new Map(sockets.map((s, i) => [s.uid, i]));
  const counters = new Array<number>(sockets.length).fill(0);
  let stopAt = Infinity;
  const sendFrom = (i: number) => {
    const from = sockets[i]!;
    const to = sockets[(i + 1) % sockets.length]!.uid;
    const id = `${ctx.tag}-${from.uid}-${counters[i]!++}`;
    ledger.record(id, from.uid, to);
    from.send(to, id, ctx.body);
  };
  const ledger = createLedger(ctx.conversations, (from) => {
    if (performance.now() < stopAt) sendFrom(index.get(from)!);
  });
  ctx.setTracker(ledger);
  const clock = startPhase(sockets);
  stopAt = clock.startedAt + durationMs;
  for (let w = 0; w < window; w++) for (let i = 0; i < sockets.length; i++) sendFrom(i);
  await runFor(durationMs, clock.startedAt, (elapsedMs) => {
    const r = ledger.result();
    ctx.progress(`${ctx.tag}: ${r.received} delivered, ${((r.received / elapsedMs) * 1000).toFixed(0)} msg/s`);
  });
  const drainedMs = await drain(ledger.outstanding, ctx.drainTimeoutMs);
  return finish(clock, ledger.result(), 0, drainedMs);
}

/** Every socket sends one message to its ring neighbour, at most `window` in flight overall. */
export async function oneEach(ctx: PhaseContext, window: number): Promise<PhaseResult> {
  const { sockets } = ctx;
  let next = 0;
  const sendNext = () => {
    // A socket the server closed cannot answer: it counts as not answered, and the next one goes.
    while (next < sockets.length) {
      const i = next++;
      const from = sockets[i]!;
      if (!from.open) continue;
      const to = sockets[(i + 1) % sockets.length]!.uid;
      const id = `${ctx.tag}-${from.uid}`;
      ledger.record(id, from.uid, to);
      from.send(to, id, ctx.body);
      return;
    }
  };
  const ledger = createLedger(ctx.conversations, () => sendNext());
  // A refused message never completes: let the next one take its place in the window.
  ctx.setTracker({ ...ledger, onError: (code) => (ledger.onError(code), sendNext()) });
  const clock = startPhase(sockets);
  for (let w = 0; w < window; w++) sendNext();
  const ticker = setInterval(() => ctx.progress(`${ctx.tag}: ${next}/${sockets.length} sent, ${ledger.outstanding()} outstanding`), 1000);
  let done = -1;
  let lastProgress = clock.startedAt;
  while ((next < sockets.length || ledger.outstanding() > 0) && performance.now() - lastProgress < ctx.drainTimeoutMs) {
    await new Promise((r) => setTimeout(r, 20));
    const now = next - ledger.outstanding();
    if (now !== done) ((done = now), (lastProgress = performance.now()));
  }
  clearInterval(ticker);
  return finish(clock, ledger.result(), 0, 0);
}
