// Delivery of the group's call queue (the `outbox` table of ../user-session/call-queue.ts, whose
// row handling it shares: batchesByTarget, sendBatch, deleteTakenCalls): one RPC per member object
// per pass carrying that member's pending calls in order, to many members at once. The user
// object's drainCallQueue calls its few targets one after another; a group has up to hundreds of
// members, and a message must not wait for each of them in turn.
import { batchesByTarget, deleteTakenCalls, sendBatch, type CallRunner, type QueuedRow } from "../user-session/call-queue";

/** Member objects called at the same time. */
const PARALLEL = 32;
/** Calls one pass reads: a few messages' worth for a full group. */
const PASS_ROWS = 1_000;

/**
 * One pass: every member whose oldest call is due gets its calls (up to a batch) in one RPC; the
 * calls taken are deleted, a failed member is retried on its backoff and its later calls wait
 * behind it. Returns how many members took their calls.
 */
export async function drainToMembers(sql: SqlStorage, run: CallRunner, log: (msg: string) => void): Promise<number> {
  const rows = sql.exec<QueuedRow>("SELECT * FROM outbox ORDER BY id LIMIT ?", PASS_ROWS);
  const now = Date.now();
  const due = batchesByTarget(rows).filter((batch) => batch[0]!.next_at <= now);
  const taken: number[] = [];
  let delivered = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < due.length; i = next++) {
      const batch = due[i]!;
      if (!(await sendBatch(sql, run, batch, log))) continue;
      taken.push(...batch.map((r) => r.id));
      delivered++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, due.length) }, worker));
  deleteTakenCalls(sql, taken);
  return delivered;
}
