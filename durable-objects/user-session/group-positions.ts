// This user's read and delivered positions in their groups, reported to each group's object for
// its "read by N" and "delivered to N" counts. Positions are noted here (in memory, no write) and
// sent as `markPosition` at most once per group per REPORT_EVERY_MS, a read covering the delivered
// position up to it: a member with the group open who reads every message costs the group one
// call and one transaction a second, not one per message. Best effort and off the frame path: a
// report lost with the object (eviction) is covered by the next read or ack. The sender sees counts coalesced per second anyway (`group_receipts`).
// A failed report is retried a period later while the object lives.
import type { ObjectServices } from "./object-services";

/** At most one report per group per this long. */
export const REPORT_EVERY_MS = 1_000;

interface Position {
  read: number;
  delivered: number;
}

interface Reports {
  /** Highest positions noted per group, to report. */
  pending: Map<string, Position>;
  /** Positions the group took, per group. */
  reported: Map<string, Position>;
  /** When the last report to each group went. */
  lastAt: Map<string, number>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const perObject = new WeakMap<DurableObjectState, Reports>();

function reports(s: ObjectServices): Reports {
  let r = perObject.get(s.ctx);
  if (!r) perObject.set(s.ctx, (r = { pending: new Map(), reported: new Map(), lastAt: new Map(), timer: undefined }));
  return r;
}

const none = (): Position => ({ read: 0, delivered: 0 });

/** Raises `groupId`'s pending position where it passes what the group already took. */
function note(r: Reports, groupId: string, kind: keyof Position, seq: number): void {
  const took = r.reported.get(groupId) ?? none();
  if (seq <= took[kind] || (kind === "delivered" && seq <= took.read)) return;
  const p = r.pending.get(groupId) ?? none();
  if (seq > p[kind]) r.pending.set(groupId, { ...p, [kind]: seq });
}

/** Notes acked positions (group id -> highest seq) and sets a report going; returns at once. */
export function noteDelivered(s: ObjectServices, positions: Map<string, number>): void {
  const r = reports(s);
  for (const [groupId, seq] of positions) note(r, groupId, "delivered", seq);
  schedule(s, r);
}

/** Notes a read position (a `group_read` of a group this object knows) and sets a report going. */
export function noteRead(s: ObjectServices, groupId: string, seq: number): void {
  const r = reports(s);
  note(r, groupId, "read", seq);
  schedule(s, r);
}

const dueAt = (r: Reports, groupId: string) => (r.lastAt.get(groupId) ?? 0) + REPORT_EVERY_MS;

/** A timer for the earliest pending group whose report may go; none while one is set. */
function schedule(s: ObjectServices, r: Reports): void {
  if (r.timer !== undefined || r.pending.size === 0) return;
  const due = Math.min(...[...r.pending.keys()].map((g) => dueAt(r, g)));
  s.ctx.waitUntil(
    new Promise<void>((resolve) => {
      r.timer = setTimeout(
        () => {
          r.timer = undefined;
          report(s, r).then(resolve, resolve);
        },
        Math.max(0, due - Date.now()),
      );
    }),
  );
}

/** Sends every report that is due (a read, and a delivered position only where it passes the read); the rest get the next timer. */
async function report(s: ObjectServices, r: Reports): Promise<void> {
  const now = Date.now();
  const due = [...r.pending].filter(([g]) => dueAt(r, g) <= now);
  for (const [groupId] of due) {
    r.pending.delete(groupId);
    r.lastAt.set(groupId, now);
  }
  schedule(s, r);
  await Promise.all(
    due.map(async ([groupId, p]) => {
      const calls: [keyof Position, number][] = [];
      if (p.read > 0) calls.push(["read", p.read]);
      if (p.delivered > p.read) calls.push(["delivered", p.delivered]);
      for (const [kind, seq] of calls) {
        try {
          const verdict = await s.groupStub(groupId).markPosition(s.uid, kind, seq);
          // GROUP_NOT_FOUND: not a member (any more), nothing to retry.
          if (!verdict.ok && verdict.code !== "GROUP_NOT_FOUND") throw new Error(`${verdict.code}: ${verdict.message}`);
          const took = r.reported.get(groupId) ?? none();
          r.reported.set(groupId, { ...took, [kind]: Math.max(took[kind], seq) });
        } catch (err) {
          note(r, groupId, kind, seq);
          console.error(JSON.stringify({ level: "warn", what: "group position report", groupId, kind, error: String(err) }));
        }
      }
    }),
  );
  // Failed reports are pending again: retried a period later while this object lives.
  schedule(s, r);
}
