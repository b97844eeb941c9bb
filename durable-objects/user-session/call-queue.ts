// The call queue: reliable calls to other users' Durable Objects, written in the same transaction
// as the change that causes them, then delivered in order per target, retried with backoff until
// they succeed. Handlers on the receiving side are idempotent, so at-least-once delivery is safe.
// Its SQLite table is still named `outbox` (renaming it would need a schema step for nothing).
// The group's object queues its events in the same table and drains it with the row handling here
// (batchesByTarget, sendBatch, deleteTakenCalls), many members at once: ../group-room/fan-out.ts.
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

/** One row of the `outbox` table. */
export type QueuedRow = { id: number; target: number; method: QueuedMethod; args: string; attempts: number; next_at: number };

/**
 * Rows (oldest first) as one batch per target, targets in the order of their oldest row: each
 * target's first BATCH calls, which go in one RPC. The first row of a batch (its head) decides
 * when the target is due: the later calls wait behind it, whatever their own time.
 */
export function batchesByTarget(rows: Iterable<QueuedRow>): QueuedRow[][] {
  const byTarget = new Map<number, QueuedRow[]>();
  for (const row of rows) {
    const batch = byTarget.get(row.target) ?? [];
    if (batch.length < BATCH) batch.push(row);
    byTarget.set(row.target, batch);
  }
  return [...byTarget.values()];
}

/**
 * Delivers one target's batch. On failure the head call is put off on its backoff (250 ms
 * doubling to 30 s) and the failure logged; the batch stays queued. Returns whether it was taken.
 */
export async function sendBatch(sql: SqlStorage, run: CallRunner, batch: QueuedRow[], log: (msg: string) => void): Promise<boolean> {
  const head = batch[0]!;
  try {
    await run(
      head.target,
      batch.map((r) => ({ method: r.method, args: JSON.parse(r.args) }) as QueuedCall),
    );
    return true;
  } catch (err) {
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** head.attempts);
    sql.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?", Date.now() + delay, head.id);
    log(`${batch.length} call(s) -> ${head.target} failed (attempt ${head.attempts + 1}, retry in ${delay} ms): ${String(err)}`);
    return false;
  }
}

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
  const deleteNow = taken === undefined;
  taken ??= new Set();
  const rows = sql
    .exec<QueuedRow>("SELECT * FROM outbox ORDER BY id LIMIT ?", 500 + taken.size)
    .toArray()
    .filter((r) => !taken.has(r.id));
  for (const batch of batchesByTarget(rows)) {
    if (batch[0]!.next_at > Date.now()) continue;
    if (await sendBatch(sql, run, batch, (msg) => log(`call queue: ${msg}`))) for (const r of batch) taken.add(r.id);
  }
  if (deleteNow) deleteTakenCalls(sql, [...taken]);
  return nextRetryAt(sql, deleteNow ? new Set() : taken);
}

/**
 * When the next call not taken yet may go: only the oldest call of each target counts (its later
 * calls wait behind it, whatever their own time, as in nextHeadDue), so a failing target is retried
 * on its backoff instead of ringing the alarm at once, again and again, while its later calls wait.
 */
function nextRetryAt(sql: SqlStorage, taken: Set<number>): number | undefined {
  const heads = new Map<number, number>();
  for (const r of sql.exec<{ id: number; target: number; next_at: number }>(
    "SELECT id, target, next_at FROM outbox ORDER BY id LIMIT ?",
    500 + taken.size,
  ))
    if (!taken.has(r.id) && !heads.has(r.target)) heads.set(r.target, r.next_at);
  return heads.size === 0 ? undefined : Math.min(...heads.values());
}

/** Deletes the calls their targets took (inside a transaction: see drainCallQueue). */
export function deleteTakenCalls(sql: SqlStorage, ids: number[]): void {
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    sql.exec(`DELETE FROM outbox WHERE id IN (${chunk.map(() => "?").join(",")})`, ...chunk);
  }
}

/**
 * When the next queued call may go: only the oldest call of each target counts (the later ones
 * wait behind it, whatever their own time), so a target whose object keeps failing is retried on
 * its backoff, not in a loop. For a drain that deletes what it delivered (the group's).
 */
export function nextHeadDue(sql: SqlStorage): number | undefined {
  const row = sql
    .exec<{ at: number | null }>(
      "SELECT MIN(o.next_at) AS at FROM outbox o JOIN (SELECT MIN(id) AS id FROM outbox GROUP BY target) h ON o.id = h.id",
    )
    .one();
  return row.at ?? undefined;
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
