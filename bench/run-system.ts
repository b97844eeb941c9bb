// One system under the same load (QChat or the relay): connect the ring, a fixed-rate phase, a
// fast phase, then the idle-capacity phase; CPU and memory of the server processes per phase.
import { billedBetween, settle, type Billed, type Billing } from "./billing";
import { watch, sample, type ProcUsage } from "./proc-stats";
import { percentiles, type Percentiles } from "./report";
import { openAll, type Conversations, type Target, type Tracker, type UserSocket } from "./sockets";
import { fixedRate, oneEach, windowed, type PhaseContext, type PhaseResult } from "./workloads";
import type { BenchFlags } from "./flags";

/** A phase's result with its latency samples reduced to percentiles, and the server's usage. */
export type PhaseSummary = Omit<PhaseResult, "ackMs" | "deliveryMs" | "firstSentAt" | "lastReceivedAt"> & {
  delivery: Percentiles;
  ack: Percentiles;
  procs: Record<string, ProcUsage>;
  /** MySQL statements and Redis commands over the phase and until MySQL went quiet (QChat only). */
  billed?: Billed;
};

/** `sockets` counts users; `perSecond` counts WebSockets (the room opens one per pair, so two per user). */
export interface ConnectSummary {
  sockets: number;
  websockets: number;
  failures: number;
  firstFailure?: string;
  perSecond: number;
  latency: Percentiles;
  procs: Record<string, ProcUsage>;
}

export interface ChatResult {
  connect: ConnectSummary;
  /** The same users closing every socket and connecting again at once (known users, as after a deploy). */
  reconnect: ConnectSummary;
  fixed: PhaseSummary;
  fast: PhaseSummary;
}

/** `sockets` counts users; the per-second and per-socket figures count WebSockets. */
export interface IdleResult {
  sockets: number;
  websockets: number;
  failures: number;
  firstFailure?: string;
  connectPerSecond: number;
  holdSeconds: number;
  /** Server RSS before connecting, after connecting, after the hold (MB). */
  rssMb: { before: number; connected: number; held: number };
  rssPerSocketKb: number;
  fdsPerSocket: number;
  answered: number;
  wake: PhaseSummary;
}

export interface RunOptions {
  target: Target;
  flags: BenchFlags;
  /** Processes whose CPU and memory are reported, by name (the first is the server). */
  procs: Record<string, number | undefined>;
  progress(line: string): void;
  /** Runs around the fast phase (e.g. a CPU profile); returns what to report. */
  aroundFast?: <T>(run: () => Promise<T>) => Promise<T>;
  /** The emulators' counters, read around each delivery phase (QChat only). */
  billing?: Billing;
}

/** Longer than the outbox's longest retry backoff (30 s), so a retried delivery is waited for. */
const DRAIN_TIMEOUT_MS = 35_000;

function summarize(r: PhaseResult, procs: Record<string, ProcUsage>): PhaseSummary {
  const { ackMs, deliveryMs, firstSentAt: _f, lastReceivedAt: _l, ...rest } = r;
  return { ...rest, delivery: percentiles(deliveryMs), ack: percentiles(ackMs), procs };
}

function trackerSlot() {
  let current: Tracker = { onAck() {}, onMessage() {}, onError() {} };
  return { get: () => current, set: (t: Tracker) => void (current = t) };
}

const countWebSockets = (sockets: UserSocket[]) => sockets.reduce((n, s) => n + s.sockets, 0);

async function closeAll(sockets: UserSocket[]): Promise<void> {
  for (let i = 0; i < sockets.length; i += 500) await Promise.all(sockets.slice(i, i + 500).map((s) => s.close()));
}

export async function runChat(opts: RunOptions, users: { id: number; token: string }[]): Promise<ChatResult> {
  const { target, flags } = opts;
  const slot = trackerSlot();
  const conversations: Conversations = { lastSeq: new Map() };
  const label = target.name;

  let w = watch(opts.procs);
  const connectRing = async (what: string) => {
    w = watch(opts.procs);
    const t0 = performance.now();
    const result = await openAll(
      target,
      users,
      flags.connectConcurrency,
      slot.get,
      (n) => opts.progress(`${label} ${what}: ${n}/${users.length}`),
      flags.ackDelay,
    );
    const websockets = countWebSockets(result.sockets);
    const summary: ConnectSummary = {
      sockets: result.sockets.length,
      websockets,
      failures: result.failures.length,
      firstFailure: result.failures[0],
      perSecond: (websockets / (performance.now() - t0)) * 1000,
      latency: percentiles(result.latenciesMs),
      procs: w.end(),
    };
    return { sockets: result.sockets, summary };
  };
  const first = await connectRing("connect");
  const connect = first.summary;
  // Everyone again, now as known users: what a deploy (every socket dropped at once) costs.
  await closeAll(first.sockets);
  const opened = await connectRing("reconnect");
  const reconnect = opened.summary;
  if (opened.sockets.length < 3)
    throw new Error(`${label}: only ${opened.sockets.length} sockets connected (${reconnect.firstFailure ?? "no error"})`);
  const ctx = (tag: string): PhaseContext => ({
    sockets: opened.sockets,
    conversations,
    setTracker: slot.set,
    body: "m".repeat(flags.body),
    tag,
    drainTimeoutMs: DRAIN_TIMEOUT_MS,
    progress: (line) => opts.progress(`${label} ${line}`),
  });
  // Counted from a quiet MySQL (the connects' reads done) until the write-behind went quiet again.
  const billed = async (run: () => Promise<PhaseSummary>): Promise<PhaseSummary> => {
    if (!opts.billing) return run();
    const before = await settle(opts.billing, { mysqlOnly: true, quietMs: 500, capMs: 10_000 });
    const summary = await run();
    const after = await settle(opts.billing, { mysqlOnly: true, quietMs: 500, capMs: 10_000 });
    return { ...summary, billed: billedBetween(before.snapshot, after.snapshot) };
  };
  try {
    const fixed = await billed(async () => {
      w = watch(opts.procs);
      const fixedRun = await fixedRate(ctx("fixed"), flags.rate, flags.duration * 1000);
      return summarize(fixedRun, w.end());
    });
    const runFast = () =>
      billed(async () => {
        w = watch(opts.procs);
        const r = await windowed(ctx("fast"), flags.window, flags.duration * 1000);
        return summarize(r, w.end());
      });
    const fast = opts.aroundFast ? await opts.aroundFast(runFast) : await runFast();
    return { connect, reconnect, fixed, fast };
  } finally {
    await closeAll(opened.sockets);
  }
}

/** Opens `users.length` sockets, holds them (each heartbeats on its own), then each sends one message. */
export async function runIdle(opts: RunOptions, users: { id: number; token: string }[]): Promise<IdleResult> {
  const { target, flags } = opts;
  const server = Object.values(opts.procs)[0];
  const slot = trackerSlot();
  const label = `${target.name} idle`;
  const rss = () => (server ? (sample(server)?.rssKb ?? 0) / 1024 : 0);
  const fds = () => (server ? (sample(server)?.fds ?? 0) : 0);
  await new Promise((r) => setTimeout(r, 2000));
  const before = { rss: rss(), fds: fds() };
  const t0 = performance.now();
  const opened = await openAll(target, users, flags.connectConcurrency, slot.get, (n) =>
    opts.progress(`${label}: ${n}/${users.length} connected`),
  );
  const websockets = countWebSockets(opened.sockets);
  const connectPerSecond = (websockets / (performance.now() - t0)) * 1000;
  const connected = rss();
  try {
    const holdEnd = performance.now() + flags.hold * 1000;
    while (performance.now() < holdEnd) {
      opts.progress(
        `${label}: holding ${opened.sockets.length} sockets, ${Math.ceil((holdEnd - performance.now()) / 1000)} s left, server RSS ${rss().toFixed(0)} MB`,
      );
      await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, holdEnd - performance.now()))));
    }
    const held = rss();
    const heldFds = fds();
    const w = watch(opts.procs);
    const ctx: PhaseContext = {
      sockets: opened.sockets,
      conversations: { lastSeq: new Map() },
      setTracker: slot.set,
      body: "m".repeat(flags.body),
      tag: "idle",
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
      progress: (line) => opts.progress(`${target.name} ${line}`),
    };
    const wake = summarize(await oneEach(ctx, 200), w.end());
    const n = Math.max(1, websockets);
    return {
      sockets: opened.sockets.length,
      websockets,
      failures: opened.failures.length,
      firstFailure: opened.failures[0],
      connectPerSecond,
      holdSeconds: flags.hold,
      rssMb: { before: before.rss, connected, held },
      rssPerSocketKb: ((held - before.rss) * 1024) / n,
      fdsPerSocket: (heldFds - before.fds) / n,
      answered: Math.min(wake.acked, wake.received),
      wake,
    };
  } finally {
    await closeAll(opened.sockets);
  }
}
