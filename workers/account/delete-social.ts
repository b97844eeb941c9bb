// Deleting an account, social part: friendships (both rows, each peer's object told as by
// "remove friend"), friend requests either way and blocks either way. Each step reads what is
// left and removes it, so a retry after a failure finishes the job and repeats nothing.
import { eq, or } from "drizzle-orm";
import { blocks, friendRequests, friendships } from "../../schema";
import type { Deps } from "../context";
import { removeFriendship } from "../friends/friendships";
import { notifyUsers } from "../friends/notify";

/**
 * Ends every friendship. Each peer's own object is the actor (notifyUsers): it applies
 * `friend_removed` at once and tells the peer's devices, and nothing is queued for the deleted
 * user's object, which is erased next.
 */
export async function endFriendships(deps: Deps, uid: number): Promise<number> {
  const rows = await deps.db.select({ peer: friendships.friendId }).from(friendships).where(eq(friendships.userId, uid));
  // A half-written pair (only the peer's row) counts too.
  const reverse = await deps.db.select({ peer: friendships.userId }).from(friendships).where(eq(friendships.friendId, uid));
  const peers = [...new Set([...rows, ...reverse].map((r) => r.peer))];
  let ended = 0;
  for (const peer of peers) {
    // The peer is told before the rows go: if telling fails (503), the rows are still there, so a
    // retried deletion tells them again (the key makes a repeat a no-op) instead of skipping them.
    const key = `friend_removed:${Math.min(uid, peer)}:${Math.max(uid, peer)}:account_deleted`;
    await notifyUsers(deps.env, peer, [{ uid: peer, key, body: { type: "friend_removed", friendId: uid, accountDeleted: true } }]);
    if (await removeFriendship(deps.db, uid, peer)) ended++;
  }
  return ended;
}

/** Deletes requests from and to the user; each peer's object drops a pending one from its cache. */
export async function dropFriendRequests(deps: Deps, uid: number): Promise<number> {
  const either = or(eq(friendRequests.fromUserId, uid), eq(friendRequests.toUserId, uid));
  const rows = await deps.db.select().from(friendRequests).where(either);
  for (const r of rows.filter((r) => r.status === "pending")) {
    const peer = r.fromUserId === uid ? r.toUserId : r.fromUserId;
    await notifyUsers(deps.env, peer, [], [{ type: "request_answered", requestId: r.id }]);
  }
  if (rows.length > 0) await deps.db.delete(friendRequests).where(either);
  return rows.length;
}

/** Deletes blocks by and of the user (a block ended any friendship already: nobody is told). */
export async function dropBlocks(deps: Deps, uid: number): Promise<number> {
  const result = await deps.db.delete(blocks).where(or(eq(blocks.blockerId, uid), eq(blocks.blockedId, uid)));
  return result.rowsAffected;
}
