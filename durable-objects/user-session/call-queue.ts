// The call queue: reliable calls to other users' Durable Objects, written in the same transaction
// as the change that causes them, then delivered in order per target, retried with backoff until
// they succeed. Handlers on the receiving side are idempotent, so at-least-once delivery is safe.
// Its SQLite table is still named `outbox` (renaming it would need a schema step for nothing).
import type { EventBody } from "../../protocol/events";

export interface ReceiptUpdate {
  kind: "delivered" | "read";
  conversation: string;
  recipient: number;
  upToSeq: number;
  at: number;
}

/** The calls that may be queued, by method name, with their arguments. */
export interface QueueableCalls {
  notify: [key: string, body: EventBody];
  applyReceipt: [update: ReceiptUpdate];
}
export type QueuedMethod = keyof QueueableCalls;

/** One queued call, as the receiving object applies it. */
export type QueuedCall = { [M in QueuedMethod]: { method: M; args: QueueableCalls[M] } }[QueuedMethod];

/** Delivers a batch of calls, in order, to one target, which applies them in one transaction. */
export type CallRunner = (target: number, calls: QueuedCall[]) => Promise<void>;

const MAX_BACKOFF_MS = 30_000;
/** Calls to the same target that go out in one RPC (and one transaction on the other side). */
const BATCH = 50;

export function enqueueCall<M extends QueuedMethod>(sql: SqlStorage, target: number, method: M, args: QueueableCalls[M]): void {
  sql.exec("INSERT INTO outbox (target, method, args, next_at) VALUES (?, ?, ?, ?)", target, method, JSON.stringify(args), Date.now());
}

type Row = { id: number; target: number; method: QueuedMethod; args: string; attempts: number; next_at: number };

/**
 * Runs due calls oldest first, batching consecutive calls to the same target. A failing target is
 * skipped for the rest of the pass, so its later calls never overtake the failed ones. With
 * `taken`, calls the target took are added to it instead of deleted: the DELETE rides on this
 * object's next transaction (commit.ts) rather than a commit of its own per drain; without, they
 * are deleted at once. Returns when the next retry is due, if any remain.
 */
export async function drainCallQueue(
  sql: SqlStorage,
  run: CallRunner,
  log: (msg: string) => void,
  taken?: Set<number>,
): Promise<number | undefined> {
  const done = new Set<number>();
  const deleteNow = taken === undefined;
  taken ??= new Set();
  const rows = sql
    .exec<Row>("SELECT * FROM outbox ORDER BY id LIMIT ?", 500 + taken.size)
    .toArray()
    .filter((r) => !taken.has(r.id));
  for (const [i, row] of rows.entries()) {
    if (done.has(row.target)) continue;
    done.add(row.target);
    if (row.next_at > Date.now()) continue;
    const batch = [row, ...rows.slice(i + 1).filter((r) => r.target === row.target)].slice(0, BATCH);
    try {
      await run(
        row.target,
        batch.map((r) => ({ method: r.method, args: JSON.parse(r.args) }) as QueuedCall),
      );
      for (const r of batch) taken.add(r.id);
    } catch (err) {
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** row.attempts);
      sql.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?", Date.now() + delay, row.id);
      log(
        `call queue: ${batch.length} call(s) -> ${row.target} failed (attempt ${row.attempts + 1}, retry in ${delay} ms): ${String(err)}`,
      );
    }
  }
  if (deleteNow) deleteTakenCalls(sql, [...taken]);
  return nextRetryAt(sql, deleteNow ? new Set() : taken);
}

/** The earliest due time among the calls not taken yet. */
function nextRetryAt(sql: SqlStorage, taken: Set<number>): number | undefined {
  const left = sql
    .exec<{ id: number; next_at: number }>("SELECT id, next_at FROM outbox ORDER BY id LIMIT ?", 500 + taken.size)
    .toArray()
    .filter((r) => !taken.has(r.id));
  return left.length === 0 ? undefined : Math.min(...left.map((r) => r.next_at));
}

/** Deletes the calls their targets took (inside a transaction: see drainCallQueue). */
export function deleteTakenCalls(sql: SqlStorage, ids: number[]): void {
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    sql.exec(`DELETE FROM outbox WHERE id IN (${chunk.map(() => "?").join(",")})`, ...chunk);
  }
}

/** Cheaper than counting: asked on every commit. Calls taken but not yet deleted do not count. */
export function hasQueuedCalls(sql: SqlStorage, taken: Set<number>): boolean {
  return sql
    .exec<{ id: number }>("SELECT id FROM outbox ORDER BY id LIMIT ?", taken.size + 1)
    .toArray()
    .some((r) => !taken.has(r.id));
}

export function callQueueDepth(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
}
