// Friend request queries: rows joined to both users' public fields, in the FriendRequest shape.
import { and, desc, eq, ne, notExists, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/mysql-core";
import type { FriendRequest } from "../../protocol/events";
import type { FriendRequestsReply } from "../../protocol/friends";
import { blocks, friendRequests, users } from "../../schema";
import type { Db } from "../lib/db";
import { publicColumns, toPublicUser } from "./public-user";

const fromUser = alias(users, "from_user");
const toUser = alias(users, "to_user");

/** A request as sent on the wire, plus when it last changed (part of event idempotency keys). */
export interface StoredRequest {
  request: FriendRequest;
  updatedAt: Date;
}

async function selectRequests(db: Db, where: SQL | undefined): Promise<StoredRequest[]> {
  const rows = await db
    .select({ row: friendRequests, from: publicColumns(fromUser), to: publicColumns(toUser) })
    .from(friendRequests)
    .innerJoin(fromUser, eq(fromUser.id, friendRequests.fromUserId))
    .innerJoin(toUser, eq(toUser.id, friendRequests.toUserId))
    .where(where)
    .orderBy(desc(friendRequests.createdAt), desc(friendRequests.id));
  return rows.map(({ row, from, to }) => ({
    request: {
      id: row.id,
      from: toPublicUser(from),
      to: toPublicUser(to),
      message: row.message,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
    },
    updatedAt: row.updatedAt,
  }));
}

export async function findRequest(db: Db, id: number): Promise<StoredRequest | undefined> {
  return (await selectRequests(db, eq(friendRequests.id, id)))[0];
}

/** The request row from one user to another, whatever its status (the pair is unique). */
export async function findRequestBetween(db: Db, fromId: number, toId: number) {
  return db.query.friendRequests.findFirst({
    where: and(eq(friendRequests.fromUserId, fromId), eq(friendRequests.toUserId, toId)),
  });
}

/**
 * Pending requests to and from a user, newest first; requests to them from users they block are
 * left out (the requester still sees theirs as pending, as with any addressee who does not answer).
 */
export async function listPendingRequests(db: Db, userId: number): Promise<FriendRequestsReply> {
  const fromBlocked = db
    .select({ id: blocks.blockedId })
    .from(blocks)
    .where(and(eq(blocks.blockerId, userId), eq(blocks.blockedId, friendRequests.fromUserId)));
  const rows = await selectRequests(
    db,
    and(
      eq(friendRequests.status, "pending"),
      or(eq(friendRequests.toUserId, userId), eq(friendRequests.fromUserId, userId)),
      or(ne(friendRequests.toUserId, userId), notExists(fromBlocked)),
    ),
  );
  const requests = rows.map((r) => r.request);
  return { incoming: requests.filter((r) => r.to.id === userId), outgoing: requests.filter((r) => r.from.id === userId) };
}
