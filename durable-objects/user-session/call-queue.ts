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
 * skipped for the rest of the pass, so its later calls never overtake the failed ones. Returns
 * when the next retry is due, if any remain.
 */
export async function drainCallQueue(sql: SqlStorage, run: CallRunner, log: (msg: string) => void): Promise<number | undefined> {
  const done = new Set<number>();
  const rows = sql.exec<Row>("SELECT * FROM outbox ORDER BY id LIMIT 500").toArray();
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
      sql.exec("DELETE FROM outbox WHERE id >= ? AND id <= ? AND target = ?", row.id, batch[batch.length - 1]!.id, row.target);
    } catch (err) {
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** row.attempts);
      sql.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?", Date.now() + delay, row.id);
      log(
        `call queue: ${batch.length} call(s) -> ${row.target} failed (attempt ${row.attempts + 1}, retry in ${delay} ms): ${String(err)}`,
      );
    }
  }
  return sql.exec<{ next: number | null }>("SELECT MIN(next_at) AS next FROM outbox").one().next ?? undefined;
}

/** Cheaper than counting: asked on every commit. */
export function hasQueuedCalls(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM outbox LIMIT 1").toArray().length > 0;
}

export function callQueueDepth(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
}
