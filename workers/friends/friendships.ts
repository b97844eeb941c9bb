// Friendship queries. Each friendship is two rows (one per direction, each with its owner's
// alias), so "my friends" is one range scan and removing a friend deletes both rows at once.
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Friend } from "../../protocol/events";
import { friendships, users } from "../../schema";
import type { Db } from "../lib/db";
import type { Redis } from "../lib/redis";
import { readPresence } from "./presence";
import { publicColumns, toPublicUser } from "./public-user";

/** A transaction handle or the database itself: both run the same queries. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export async function areFriends(db: Db, userId: number, friendId: number): Promise<boolean> {
  const rows = await db
    .select({ friendId: friendships.friendId })
    .from(friendships)
    .where(and(eq(friendships.userId, userId), eq(friendships.friendId, friendId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Creates both rows; the addressee names the requester `alias`, the requester's alias starts
 * empty. A row that already exists is kept as it is (its alias included), so a retry or a race
 * between two accepts is harmless.
 */
export async function insertFriendshipPair(tx: Tx, requesterId: number, addresseeId: number, alias: string): Promise<void> {
  const createdAt = new Date();
  await tx
    .insert(friendships)
    .values([
      { userId: requesterId, friendId: addresseeId, alias: "", createdAt },
      { userId: addresseeId, friendId: requesterId, alias, createdAt },
    ])
    .onDuplicateKeyUpdate({ set: { alias: sql`${friendships.alias}` } });
}

/** `userId`'s friends (optionally only `friendId`), with their aliases and live presence. */
async function selectFriends(db: Db, redis: Redis, userId: number, friendId?: number): Promise<Friend[]> {
  const rows = await db
    .select({ ...publicColumns(users), alias: friendships.alias })
    .from(friendships)
    .innerJoin(users, eq(users.id, friendships.friendId))
    .where(and(eq(friendships.userId, userId), friendId === undefined ? undefined : eq(friendships.friendId, friendId)))
    .orderBy(asc(users.username));
  const presence = await readPresence(
    redis,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...toPublicUser(r), alias: r.alias, presence: presence.get(r.id) ?? "offline" }));
}

export function listFriends(db: Db, redis: Redis, userId: number): Promise<Friend[]> {
  return selectFriends(db, redis, userId);
}

/** `friendId` as `userId` sees them, or undefined when they are not friends. */
export async function loadFriend(db: Db, redis: Redis, userId: number, friendId: number): Promise<Friend | undefined> {
  return (await selectFriends(db, redis, userId, friendId))[0];
}

export async function setAlias(db: Db, userId: number, friendId: number, alias: string): Promise<void> {
  await db
    .update(friendships)
    .set({ alias })
    .where(and(eq(friendships.userId, userId), eq(friendships.friendId, friendId)));
}

/**
 * Locks both users' rows (in id order, so two of these never deadlock) until the transaction ends:
 * what changes whether two users may be friends (accept, block) runs one at a time per pair,
 * whatever the isolation level, so an accept cannot re-create a friendship a block just ended.
 */
export async function lockPair(tx: Tx, a: number, b: number): Promise<void> {
  await tx
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, [a, b]))
    .orderBy(asc(users.id))
    .for("update");
}

/** Deletes both directions; false when there was nothing to delete. */
export async function removeFriendship(db: Db | Tx, a: number, b: number): Promise<boolean> {
  const result = await db
    .delete(friendships)
    .where(or(and(eq(friendships.userId, a), eq(friendships.friendId, b)), and(eq(friendships.userId, b), eq(friendships.friendId, a))));
  return result.rowsAffected > 0;
}
