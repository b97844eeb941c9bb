// Block queries: the pair test the friend request path asks, and the caller's list.
import { and, desc, eq, or } from "drizzle-orm";
import type { BlockedUser } from "../../protocol/blocks";
import { blocks, users } from "../../schema";
import type { Db } from "../lib/db";
import type { Tx } from "../friends/friendships";
import { publicColumns, toPublicUser } from "../friends/public-user";

/** Whether `blockerId` blocks `blockedId` (one direction). */
export async function isBlocking(db: Db, blockerId: number, blockedId: number): Promise<boolean> {
  const rows = await db
    .select({ id: blocks.blockedId })
    .from(blocks)
    .where(and(eq(blocks.blockerId, blockerId), eq(blocks.blockedId, blockedId)))
    .limit(1);
  return rows.length > 0;
}

/** Whether either user blocks the other (inside a transaction: read as committed last, see lockPair). */
export async function blockedEitherWay(db: Db | Tx, a: number, b: number): Promise<boolean> {
  const rows = await db
    .select({ id: blocks.blockedId })
    .from(blocks)
    .where(or(and(eq(blocks.blockerId, a), eq(blocks.blockedId, b)), and(eq(blocks.blockerId, b), eq(blocks.blockedId, a))))
    .limit(1);
  return rows.length > 0;
}

async function selectBlocked(db: Db, blockerId: number, blockedId?: number): Promise<BlockedUser[]> {
  const rows = await db
    .select({ user: publicColumns(users), createdAt: blocks.createdAt })
    .from(blocks)
    .innerJoin(users, eq(users.id, blocks.blockedId))
    .where(and(eq(blocks.blockerId, blockerId), blockedId === undefined ? undefined : eq(blocks.blockedId, blockedId)))
    .orderBy(desc(blocks.createdAt), desc(blocks.blockedId));
  return rows.map((r) => ({ user: toPublicUser(r.user), blockedAt: r.createdAt.toISOString() }));
}

export function listBlocked(db: Db, blockerId: number): Promise<BlockedUser[]> {
  return selectBlocked(db, blockerId);
}

export async function loadBlocked(db: Db, blockerId: number, blockedId: number): Promise<BlockedUser | undefined> {
  return (await selectBlocked(db, blockerId, blockedId))[0];
}
