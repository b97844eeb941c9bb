// Reads message history from MySQL (written behind by the conversation owners' objects).
// A user can only ever name conversations they are part of: the key is built from their own uid.
// A message's attachment comes from the `files` table in the same query (a left join by file id).
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { toStoredFile } from "../files/rows";
import { conversationKey, conversationOwner } from "../../durable-objects/user-session/conversation-log";
import { userSession } from "../lib/user-session";
import type { PageReader } from "./full-page";
import type { HistoryMessage } from "../../protocol/history";
import { files, messages, type FileRow } from "../../schema";
import type { Db } from "../lib/db";

type Row = typeof messages.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A MySQL row as history shows it; the file only while the message is not recalled. */
export function toHistoryMessage(r: Row, file: FileRow | null = null): HistoryMessage {
  const recalled = r.status === "recalled";
  return {
    messageId: r.id,
    conversation: r.conversationKey,
    seq: r.seq,
    from: r.senderId,
    to: r.recipientId,
    clientMsgId: r.clientMsgId,
    body: recalled ? null : r.body,
    ...(file && !recalled ? { file: toStoredFile(file) } : {}),
    status: r.status,
    sentAt: r.sentAt.toISOString(),
    deliveredAt: iso(r.deliveredAt),
    readAt: iso(r.readAt),
    recalledAt: iso(r.recalledAt),
    ...(r.editedAt && !recalled ? { editedAt: r.editedAt.toISOString() } : {}),
  };
}

export async function readHistory(db: Db, me: number, peer: number, before: number | undefined, limit: number): Promise<HistoryMessage[]> {
  const key = conversationKey(me, peer);
  const rows = await db
    .select({ m: messages, f: files })
    .from(messages)
    .leftJoin(files, eq(files.id, messages.fileId))
    .where(and(eq(messages.conversationKey, key), before === undefined ? undefined : lt(messages.seq, before)))
    .orderBy(desc(messages.seq))
    .limit(limit);
  return rows.map((r) => toHistoryMessage(r.m, r.f));
}

/**
 * Unfiltered pages of one 1:1 conversation. MySQL is written behind: while the conversation's
 * owner still has writes queued, its own log answers, so a message acked a moment ago (or during a
 * MySQL outage) is already here. The owner first: with nothing queued there, MySQL has every acked
 * write when read after (read together, MySQL could answer from before a flush the owner finished).
 */
export function oneToOnePages(db: Db, env: Env, me: number, peer: number): PageReader<HistoryMessage> {
  return async (before, limit) => {
    const fromOwner = await userSession(env, conversationOwner(me, peer))
      .pendingHistory(conversationKey(me, peer), before, limit)
      .catch(() => null);
    const entries = fromOwner ?? (await readHistory(db, me, peer, before, limit));
    const oldest = entries[entries.length - 1];
    return { entries, nextBefore: entries.length === limit && oldest && oldest.seq > 1 ? oldest.seq : null };
  };
}

/** True when the two users have exchanged at least one message (by MySQL, which may lag the owner). */
export async function conversationExists(db: Db, me: number, peer: number): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.conversationKey, conversationKey(me, peer)))
    .limit(1);
  return rows.length > 0;
}

/** The newest message of each of the user's conversations, most recent first. */
export async function latestMessages(db: Db, me: number, limit = 100): Promise<HistoryMessage[]> {
  const mine = or(eq(messages.senderId, me), eq(messages.recipientId, me));
  const latest = db
    .select({ key: messages.conversationKey, maxSeq: sql<number>`max(${messages.seq})`.as("max_seq") })
    .from(messages)
    .where(mine)
    .groupBy(messages.conversationKey)
    .as("latest");
  const rows = await db
    .select({ m: messages, f: files })
    .from(messages)
    .innerJoin(latest, and(eq(messages.conversationKey, latest.key), eq(messages.seq, latest.maxSeq)))
    .leftJoin(files, eq(files.id, messages.fileId))
    .orderBy(desc(messages.sentAt))
    .limit(limit);
  return rows.map((r) => toHistoryMessage(r.m, r.f));
}
