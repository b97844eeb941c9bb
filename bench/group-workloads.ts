// The group workloads: messages into one group at a fixed rate (every member online; senders
// take turns), and many groups busy at once with a bounded number of messages in flight per
// group (closed loop); each waits at the end for every member's copy of every message.
import { createGroupLedger, type GroupLedger, type GroupLedgerResult, type GroupPositions } from "./group-ledger";
import { drain, paced, runFor, startPhase, type PhaseClock } from "./phase-driver";
import type { Tracker, UserSocket } from "./sockets";

/** A group under load: its id and its members' sockets (every member, the owner first). */
export interface LoadedGroup {
  groupId: string;
  sockets: UserSocket[];
}

export interface GroupPhaseResult extends GroupLedgerResult {
  durationMs: number;
  /** Member copies delivered per second, first send to last copy. */
  deliveriesPerSecond: number;
  /** Messages every member had, per second, over the same span. */
  messagesPerSecond: number;
  /** How far the sender fell behind the schedule (fixed rate only). */
  maxLagMs: number;
  /** Frames each member's socket received per message (events frames, group_sent, receipts...). */
  framesPerMember: number;
  drainedMs: number;
  serverCloses: Record<string, number>;
}

export interface GroupPhaseContext {
  groups: LoadedGroup[];
  positions: GroupPositions;
  setTracker(tracker: Tracker): void;
  body: string;
  tag: string;
  /** A drain gives up after this long without a single message completing. */
  drainTimeoutMs: number;
  progress(line: string): void;
  /** Members read what arrives (a `group_read` per events frame, as a client with the group open). */
  reads?: boolean;
}

const allSockets = (groups: LoadedGroup[]) => groups.flatMap((g) => g.sockets);

function finish(clock: PhaseClock, r: GroupLedgerResult, maxLagMs: number, drainedMs: number): GroupPhaseResult {
  const span = Math.max(1, r.lastReceivedAt - r.firstSentAt);
  const { durationMs, frames, serverCloses } = clock.end();
  return {
    ...r,
    durationMs,
    deliveriesPerSecond: (r.copiesReceived / span) * 1000,
    messagesPerSecond: (r.complete / span) * 1000,
    maxLagMs,
    // copiesDue + sent = Σ over messages of the group's member count.
    framesPerMember: r.sent > 0 ? frames / (r.copiesDue + r.sent) : 0,
    drainedMs,
    serverCloses,
  };
}

/** Sends the next message of `group` from its next member in turn; the ledger expects every member. */
function sender(ctx: GroupPhaseContext, record: (id: string, groupId: string, from: number, members: ReadonlySet<number>) => void) {
  const members = new Map(ctx.groups.map((g) => [g.groupId, new Set(g.sockets.map((s) => s.uid))]));
  const counters = new Map<string, number>();
  return (group: LoadedGroup) => {
    const n = counters.get(group.groupId) ?? 0;
    counters.set(group.groupId, n + 1);
    const from = group.sockets[n % group.sockets.length]!;
    const id = `${ctx.tag}-${group.groupId.slice(1, 9)}-${n}`;
    record(id, group.groupId, from.uid, members.get(group.groupId)!);
    from.sendGroup(group.groupId, id, ctx.body);
  };
}

/**
 * The ledger, and with `ctx.reads` a `group_read` from each member for the newest seq of each
 * group in each events frame it receives (the frame's events are handed over in one turn; the
 * reads go out on the next).
 */
function trackerWithReads(ctx: GroupPhaseContext, ledger: GroupLedger): Tracker {
  if (!ctx.reads) return ledger;
  const byUid = new Map(allSockets(ctx.groups).map((s) => [s.uid, s]));
  const due = new Map<string, { uid: number; groupId: string; seq: number }>();
  const flush = () => {
    for (const r of due.values()) byUid.get(r.uid)?.readGroup(r.groupId, r.seq);
    due.clear();
  };
  return {
    ...ledger,
    onGroupEntry(recipient, groupId, seq, message, at) {
      ledger.onGroupEntry!(recipient, groupId, seq, message, at);
      if (!message || message.from === recipient) return;
      if (due.size === 0) setImmediate(flush);
      const key = `${recipient}|${groupId}`;
      if (seq > (due.get(key)?.seq ?? 0)) due.set(key, { uid: recipient, groupId, seq });
    },
  };
}

/** Open loop: `rate` messages per second into each group, senders in turn. */
export async function groupFixedRate(ctx: GroupPhaseContext, rate: number, durationMs: number): Promise<GroupPhaseResult> {
  const ledger = createGroupLedger(ctx.positions);
  ctx.setTracker(trackerWithReads(ctx, ledger));
  const sendOne = sender(ctx, ledger.record);
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const clock = startPhase(allSockets(ctx.groups));
  const send = () => {
    for (const g of ctx.groups) sendOne(g);
  };
  const progress = (sent: number) => ctx.progress(`${ctx.tag}: ${sent}/${total} sent per group, ${ledger.outstanding()} outstanding`);
  const maxLagMs = await paced({ rate, total, tickMs: 5, firstAtOnce: true, send, progress }, clock.startedAt);
  const drainedMs = await drain(ledger.outstanding, ctx.drainTimeoutMs);
  return finish(clock, ledger.result(), maxLagMs, drainedMs);
}

/** Closed loop: each group keeps `window` messages in flight (not yet acked and on every member). */
export async function groupsBusy(ctx: GroupPhaseContext, window: number, durationMs: number): Promise<GroupPhaseResult> {
  const byId = new Map(ctx.groups.map((g) => [g.groupId, g]));
  let stopAt = Infinity;
  const ledger = createGroupLedger(ctx.positions, (groupId) => {
    if (performance.now() < stopAt) send(byId.get(groupId)!);
  });
  const send = sender(ctx, ledger.record);
  ctx.setTracker(ledger);
  const clock = startPhase(allSockets(ctx.groups));
  stopAt = clock.startedAt + durationMs;
  for (let w = 0; w < window; w++) for (const g of ctx.groups) send(g);
  await runFor(durationMs, clock.startedAt, (elapsedMs) => {
    const r = ledger.result();
    ctx.progress(
      `${ctx.tag}: ${r.complete} messages on every member, ${((r.copiesReceived / elapsedMs) * 1000).toFixed(0)} deliveries/s, ${ledger.outstanding()} in flight`,
    );
  });
  const drainedMs = await drain(ledger.outstanding, ctx.drainTimeoutMs);
  return finish(clock, ledger.result(), 0, drainedMs);
}
