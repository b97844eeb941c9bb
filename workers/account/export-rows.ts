// The MySQL reads behind GET /v1/me/export: the small lists in one go (profile, friends, requests,
// blocks, groups, files) and the messages a page at a time. Other users appear only by their
// public columns; nobody's password hash or email but the caller's own is ever selected.
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { AccountExport } from "../../protocol/account";
import { blocks, files, friendRequests, friendships, groupMembers, groupMessages, groups, messages, users } from "../../schema";
import { conversationKey } from "../../durable-objects/user-session/conversation-log";
import type { Db } from "../lib/db";
import { publicColumns, toPublicUser } from "../friends/public-user";
import { toStoredFile } from "../files/rows";
import { toProfile } from "../gateway/users";

/** Messages per MySQL read. */
export const EXPORT_PAGE = 500;

export type ExportHead = Omit<AccountExport, "conversations" | "groupMessages">;
type ExportMessage = AccountExport["conversations"][number]["messages"][number];

const iso = (d: Date) => d.toISOString();

/** Everything but the messages; undefined when the user row is gone. */
export async function loadExportHead(db: Db, uid: number): Promise<ExportHead | undefined> {
  const user = await db.query.users.findFirst({ where: eq(users.id, uid) });
  if (!user) return undefined;
  const [friendRows, requestRows, blockRows, groupRows, fileRows] = await Promise.all([
    db
      .select({ ...publicColumns(users), alias: friendships.alias, since: friendships.createdAt })
      .from(friendships)
      .innerJoin(users, eq(users.id, friendships.friendId))
      .where(eq(friendships.userId, uid))
      .orderBy(asc(friendships.createdAt)),
    db
      .select()
      .from(friendRequests)
      .where(or(eq(friendRequests.fromUserId, uid), eq(friendRequests.toUserId, uid)))
      .orderBy(asc(friendRequests.createdAt)),
    db.select().from(blocks).where(eq(blocks.blockerId, uid)).orderBy(asc(blocks.createdAt)),
    db
      .select({ groupId: groups.id, name: groups.name, role: groupMembers.role, joinedAt: groupMembers.joinedAt })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.id, groupMembers.groupId))
      .where(and(eq(groupMembers.userId, uid), isNull(groups.dissolvedAt)))
      .orderBy(asc(groupMembers.joinedAt)),
    db
      .select()
      .from(files)
      .where(and(eq(files.uploaderId, uid), isNull(files.deletedAt)))
      .orderBy(asc(files.createdAt)),
  ]);
  return {
    format: "qchat-export/1",
    exportedAt: new Date().toISOString(),
    profile: toProfile(user),
    friends: friendRows.map((f) => ({ ...toPublicUser(f), alias: f.alias, since: iso(f.since) })),
    friendRequests: requestRows.map((r) => ({
      from: r.fromUserId,
      to: r.toUserId,
      message: r.message,
      status: r.status,
      createdAt: iso(r.createdAt),
    })),
    blocked: blockRows.map((b) => ({ uid: b.blockedId, blockedAt: iso(b.createdAt) })),
    groups: groupRows.map((g) => ({ groupId: g.groupId, name: g.name, role: g.role, joinedAt: iso(g.joinedAt) })),
    files: fileRows.map((f) => ({ ...toStoredFile(f), uploadedAt: iso(f.createdAt), download: `/v1/files/${f.id}` })),
  };
}

/**
 * Everyone the user has a 1:1 message with, either way. No index covers the sender, so this is
 * one scan of the messages table per export (the route's rate limit bounds how often).
 */
export async function conversationPeers(db: Db, uid: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ peer: sql<number>`IF(${messages.senderId} = ${uid}, ${messages.recipientId}, ${messages.senderId})` })
    .from(messages)
    .where(or(eq(messages.senderId, uid), eq(messages.recipientId, uid)));
  return rows.map((r) => Number(r.peer)).sort((a, b) => a - b);
}

function toExportMessage(
  m: { id: string; seq: number; from: number; body: string | null; sentAt: Date; editedAt: Date | null; recalledAt: Date | null },
  file: typeof files.$inferSelect | null,
): ExportMessage {
  return {
    messageId: m.id,
    seq: m.seq,
    from: m.from,
    body: m.recalledAt ? null : m.body,
    ...(file && !m.recalledAt ? { file: toStoredFile(file) } : {}),
    sentAt: iso(m.sentAt),
    ...(m.editedAt ? { editedAt: iso(m.editedAt) } : {}),
    recalledAt: m.recalledAt ? iso(m.recalledAt) : null,
  };
}

/** One page of the conversation with `peer`, in order, after `afterSeq`. */
export async function conversationPage(db: Db, uid: number, peer: number, afterSeq: number): Promise<ExportMessage[]> {
  const rows = await db
    .select({ m: messages, f: files })
    .from(messages)
    .leftJoin(files, eq(files.id, messages.fileId))
    .where(and(eq(messages.conversationKey, conversationKey(uid, peer)), gt(messages.seq, afterSeq)))
    .orderBy(asc(messages.seq))
    .limit(EXPORT_PAGE);
  return rows.map(({ m, f }) =>
    toExportMessage(
      { id: m.id, seq: m.seq, from: m.senderId, body: m.body, sentAt: m.sentAt, editedAt: m.editedAt, recalledAt: m.recalledAt },
      f,
    ),
  );
}

/** One page of the user's own group messages, in (group, seq) order, after the given position. */
export async function groupMessagePage(
  db: Db,
  uid: number,
  after: { groupId: string; seq: number },
): Promise<{ groupId: string; message: ExportMessage }[]> {
  const rows = await db
    .select({ g: groupMessages, f: files })
    .from(groupMessages)
    .leftJoin(files, eq(files.id, groupMessages.fileId))
    .where(
      and(
        eq(groupMessages.senderId, uid),
        eq(groupMessages.kind, "message"),
        or(gt(groupMessages.groupId, after.groupId), and(eq(groupMessages.groupId, after.groupId), gt(groupMessages.seq, after.seq))),
      ),
    )
    .orderBy(asc(groupMessages.groupId), asc(groupMessages.seq))
    .limit(EXPORT_PAGE);
  return rows.map(({ g, f }) => ({
    groupId: g.groupId,
    message: toExportMessage(
      {
        id: g.messageId ?? "",
        seq: g.seq,
        from: g.senderId,
        body: g.body,
        sentAt: g.sentAt,
        editedAt: g.editedAt,
        recalledAt: g.recalledAt,
      },
      f,
    ),
  }));
}
