// Delivery of the group's call queue (the `outbox` table of ../user-session/call-queue.ts, same
// shape): one RPC per member object per pass carrying that member's pending calls in order, to
// many members at once. The user object's drainCallQueue calls its few targets one after another;
// a group has up to hundreds of members, and a message must not wait for each of them in turn.
import type { CallRunner, QueuedCall, QueuedMethod } from "../user-session/call-queue";

/** Member objects called at the same time. */
const PARALLEL = 32;
/** Calls one pass reads: a few messages' worth for a full group. */
const PASS_ROWS = 1_000;
/** Calls to the same member that go in one RPC (and one transaction on their side). */
const BATCH = 50;
const MAX_BACKOFF_MS = 30_000;

type Row = { id: number; target: number; method: QueuedMethod; args: string; attempts: number; next_at: number };

/**
 * One pass: every member whose oldest call is due gets its calls (up to BATCH) in one RPC; the
 * calls taken are deleted, a failed member is retried on its backoff and its later calls wait
 * behind it. Returns how many members took their calls.
 */
export async function drainToMembers(sql: SqlStorage, run: CallRunner, log: (msg: string) => void): Promise<number> {
  const byTarget = new Map<number, Row[]>();
  for (const row of sql.exec<Row>("SELECT * FROM outbox ORDER BY id LIMIT ?", PASS_ROWS)) {
    const rows = byTarget.get(row.target) ?? [];
    if (rows.length < BATCH) rows.push(row);
    byTarget.set(row.target, rows);
  }
  const now = Date.now();
  const due = [...byTarget.values()].filter((rows) => rows[0]!.next_at <= now);
  const taken: number[] = [];
  let delivered = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < due.length; i = next++) {
      const rows = due[i]!;
      const head = rows[0]!;
      try {
        await run(
          head.target,
          rows.map((r) => ({ method: r.method, args: JSON.parse(r.args) }) as QueuedCall),
        );
        taken.push(...rows.map((r) => r.id));
        delivered++;
      } catch (err) {
        const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** head.attempts);
        sql.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?", Date.now() + delay, head.id);
        log(`${rows.length} call(s) -> ${head.target} failed (attempt ${head.attempts + 1}, retry in ${delay} ms): ${String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, due.length) }, worker));
  for (let i = 0; i < taken.length; i += 100) {
    const chunk = taken.slice(i, i + 100);
    sql.exec(`DELETE FROM outbox WHERE id IN (${chunk.map(() => "?").join(",")})`, ...chunk);
  }
  return delivered;
}
