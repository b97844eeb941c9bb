// Delivered positions of this user's groups, reported to each group's object for its "delivered
// to N" counts: when this user's first device acks group messages, the highest seq per group is
// noted here (in memory, no write), and sent as `markPosition(delivered)` at most once per group
// per REPORT_EVERY_MS. Best effort and off the ack path: a failed report is kept and goes with the
// next ack's; one lost with the object (eviction) is covered by the next one, or by the read
// (a read position implies delivery).
import type { ObjectServices } from "./object-services";

/** At most one report per group per this long. */
export const REPORT_EVERY_MS = 1_000;

interface Reports {
  /** Highest seq acked per group, to report. */
  pending: Map<string, number>;
  /** Reports that failed, per group: they join the pending ones at the next ack. */
  failed: Map<string, number>;
  /** Highest seq the group took, per group. */
  reported: Map<string, number>;
  /** When the last report to each group went. */
  lastAt: Map<string, number>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const perObject = new WeakMap<DurableObjectState, Reports>();

function reports(s: ObjectServices): Reports {
  let r = perObject.get(s.ctx);
  if (!r) perObject.set(s.ctx, (r = { pending: new Map(), failed: new Map(), reported: new Map(), lastAt: new Map(), timer: undefined }));
  return r;
}

const raise = (m: Map<string, number>, groupId: string, seq: number) => {
  if (seq > (m.get(groupId) ?? 0)) m.set(groupId, seq);
};

/** Notes acked positions (group id -> highest seq) and sets a report going; returns at once. */
export function noteDelivered(s: ObjectServices, positions: Map<string, number>): void {
  const r = reports(s);
  for (const [groupId, seq] of r.failed) raise(r.pending, groupId, seq);
  r.failed.clear();
  for (const [groupId, seq] of positions) if (seq > (r.reported.get(groupId) ?? 0)) raise(r.pending, groupId, seq);
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

/** Sends every report that is due; the rest get the next timer. */
async function report(s: ObjectServices, r: Reports): Promise<void> {
  const now = Date.now();
  const due = [...r.pending].filter(([g]) => dueAt(r, g) <= now);
  for (const [groupId] of due) {
    r.pending.delete(groupId);
    r.lastAt.set(groupId, now);
  }
  schedule(s, r);
  await Promise.all(
    due.map(async ([groupId, seq]) => {
      try {
        const verdict = await s.groupStub(groupId).markPosition(s.uid, "delivered", seq);
        // GROUP_NOT_FOUND: not a member (any more), nothing to retry.
        if (!verdict.ok && verdict.code !== "GROUP_NOT_FOUND") throw new Error(`${verdict.code}: ${verdict.message}`);
        raise(r.reported, groupId, seq);
      } catch (err) {
        raise(r.failed, groupId, seq);
        console.error(JSON.stringify({ level: "warn", what: "group delivered report", groupId, error: String(err) }));
      }
    }),
  );
}
