// The two searches, one per message table, each newest first from a position: 1:1 messages the
// caller sent or received, and messages of groups they are a member of now, after they joined.
// Recalled messages have a NULL body (never in the index) and a recalled_at; both are checked.
import { and, desc, eq, gt, isNotNull, isNull, lt, or, sql, type Column, type SQL } from "drizzle-orm";
import { conversationKey } from "../../durable-objects/user-session/conversation-log";
import type { MessageSearchHit } from "../../protocol/search";
import { files, groupMembers, groupMessages, groups, messages, type FileRow } from "../../schema";
import { toStoredFile } from "../files/rows";
import type { Db } from "../lib/db";
import type { SearchPosition } from "./cursor";
import type { MessageMatch } from "./query";

/** One hit with what paging and "delete for me" need: its position and conversation key. */
export interface SearchRow extends SearchPosition {
  /** The key of its conversation in the caller's hidden tables (1:1 key or group id). */
  conversation: string;
  seq: number;
  hit: MessageSearchHit;
}

/** The body matches the user's words (bound parameters only, never spliced into the SQL text). */
function bodyMatches(body: Column, match: MessageMatch): SQL | undefined {
  if (match.kind === "fulltext") return sql`MATCH(${body}) AGAINST(${match.against} IN BOOLEAN MODE)`;
  return and(...match.patterns.map((p) => sql`${body} LIKE ${p} ESCAPE '!'`));
}

/** Strictly older than the position: an earlier time, or the same time and a smaller id. */
function olderThan(sentAt: Column, id: Column, at: SearchPosition | undefined): SQL | undefined {
  if (!at) return undefined;
  return or(lt(sentAt, at.sentAt), and(eq(sentAt, at.sentAt), lt(id, at.id)));
}

const optionalFile = (f: FileRow | null) => (f ? { file: toStoredFile(f) } : {});

export async function searchDirect(
  db: Db,
  me: number,
  match: MessageMatch,
  at: SearchPosition | undefined,
  limit: number,
): Promise<SearchRow[]> {
  const rows = await db
    .select({ m: messages, f: files })
    .from(messages)
    .leftJoin(files, eq(files.id, messages.fileId))
    .where(
      and(
        or(eq(messages.senderId, me), eq(messages.recipientId, me)),
        isNotNull(messages.body),
        isNull(messages.recalledAt),
        bodyMatches(messages.body, match),
        olderThan(messages.sentAt, messages.id, at),
      ),
    )
    .orderBy(desc(messages.sentAt), desc(messages.id))
    .limit(limit);
  return rows.map(({ m, f }) => {
    const peerId = m.senderId === me ? m.recipientId : m.senderId;
    return {
      sentAt: m.sentAt,
      id: m.id,
      conversation: conversationKey(me, peerId),
      seq: m.seq,
      hit: {
        kind: "direct",
        messageId: m.id,
        peerId,
        seq: m.seq,
        from: m.senderId,
        body: m.body ?? "",
        ...optionalFile(f),
        sentAt: m.sentAt.toISOString(),
        ...(m.editedAt ? { editedAt: m.editedAt.toISOString() } : {}),
      },
    };
  });
}

export async function searchGroups(
  db: Db,
  me: number,
  match: MessageMatch,
  at: SearchPosition | undefined,
  limit: number,
): Promise<SearchRow[]> {
  const rows = await db
    .select({ g: groupMessages, f: files })
    .from(groupMessages)
    // Members now (MySQL's copy of membership, written behind), of a group not dissolved.
    .innerJoin(groupMembers, and(eq(groupMembers.groupId, groupMessages.groupId), eq(groupMembers.userId, me)))
    .innerJoin(groups, and(eq(groups.id, groupMessages.groupId), isNull(groups.dissolvedAt)))
    .leftJoin(files, eq(files.id, groupMessages.fileId))
    .where(
      and(
        eq(groupMessages.kind, "message"),
        gt(groupMessages.seq, groupMembers.joinedAfterSeq),
        isNotNull(groupMessages.body),
        isNull(groupMessages.recalledAt),
        bodyMatches(groupMessages.body, match),
        olderThan(groupMessages.sentAt, groupMessages.messageId, at),
      ),
    )
    .orderBy(desc(groupMessages.sentAt), desc(groupMessages.messageId))
    .limit(limit);
  return rows.map(({ g, f }) => ({
    sentAt: g.sentAt,
    id: g.messageId!,
    conversation: g.groupId,
    seq: g.seq,
    hit: {
      kind: "group",
      messageId: g.messageId!,
      groupId: g.groupId,
      seq: g.seq,
      from: g.senderId,
      body: g.body ?? "",
      ...optionalFile(f),
      sentAt: g.sentAt.toISOString(),
      ...(g.editedAt ? { editedAt: g.editedAt.toISOString() } : {}),
    },
  }));
}
