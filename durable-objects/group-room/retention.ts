// What a group's object keeps of its log. MySQL holds every entry; the object keeps the newest
// LOG_KEEP entries, and every entry younger than the send-retry window (so a retried send still
// gets its first answer). Older entries go once MySQL has them. History below the pruned mark reads
// MySQL, and an admin's recall of a pruned message finds it there (archivedMessage).
import { and, eq } from "drizzle-orm";
import { groupMessages } from "../../schema";
import { getDb } from "../../workers/lib/db";
import type { LogRow } from "./log";
import { lastSeq } from "./state";
import { getKv, setKv } from "./storage";
import { groupMysqlBacklog } from "./write-behind";

/** Newest entries kept after MySQL has them (the user objects keep 1,000 per conversation too). */
export const LOG_KEEP = 1_000;
/** A prune pass runs at most this often per object instance (it reads two rows when nothing is due). */
export const PRUNE_EVERY_MS = 3600_000;

/** The highest seq pruned from the log (0: nothing pruned); MySQL has every entry up to it. */
export function prunedUpTo(sql: SqlStorage): number {
  return Number(getKv(sql, "log_pruned_upto") ?? 0);
}

/**
 * Deletes entries MySQL has that are older than `retryWindowMs` and not among the newest `keep`
 * (in the caller's transaction). Nothing while MySQL is behind. Returns the new mark, if it moved.
 */
export function pruneLog(sql: SqlStorage, now: number, retryWindowMs: number, keep = LOG_KEEP): number | undefined {
  if (groupMysqlBacklog(sql) > 0) return undefined;
  const old = sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM log WHERE at < ?", now - retryWindowMs).one().seq ?? 0;
  const upTo = Math.min(old, lastSeq(sql) - keep);
  if (upTo <= prunedUpTo(sql)) return undefined;
  sql.exec("DELETE FROM log WHERE seq <= ?", upTo);
  setKv(sql, "log_pruned_upto", upTo);
  return upTo;
}

/** A message pruned from the log, as MySQL has it, in the log's own shape (for a recall). */
export async function archivedMessage(env: Env, groupId: string, messageId: string): Promise<LogRow | undefined> {
  const [r] = await getDb(env)
    .select()
    .from(groupMessages)
    .where(and(eq(groupMessages.groupId, groupId), eq(groupMessages.messageId, messageId)));
  if (!r || r.kind !== "message") return undefined;
  return {
    seq: r.seq,
    kind: "message",
    message_id: r.messageId,
    sender: r.senderId,
    client_msg_id: r.clientMsgId,
    body: r.body,
    body_hash: null,
    mentions: r.mentions,
    mentions_all: r.mentionsAll ? 1 : 0,
    change: r.change,
    at: r.sentAt.getTime(),
    recalled_at: r.recalledAt === null ? null : r.recalledAt.getTime(),
    edited_at: r.editedAt === null ? null : r.editedAt.getTime(),
    // A recall needs no attachment: it drops it.
    file: null,
  };
}
