// Blocking and unblocking. A block ends whatever is between the two users (the friendship both
// ways, a pending request either way) so the 1:1 send path and presence, which only know
// friends, refuse and hide by themselves; the friend request path reads the blocks table.
// The blocked user is never told: every event they get is one a stranger could cause.
import { and, eq } from "drizzle-orm";
import type { BlockedUser } from "../../protocol/blocks";
import { blocks, friendRequests, users } from "../../schema";
import type { OwnCacheChange } from "../../durable-objects/user-session/friend-cache";
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { lockPair, removeFriendship } from "../friends/friendships";
import { notifyUsers, type FriendNotice } from "../friends/notify";
import { findRequest, findRequestBetween } from "../friends/request-rows";
import { userSession } from "../lib/user-session";
import { enforce } from "../security/rate-limit";
import { loadBlocked } from "./rows";

/** Settles the pending request from `fromId` to `toId`, if there is one; its id when it did. */
async function settlePending(deps: Deps, fromId: number, toId: number, status: "rejected" | "cancelled", now: Date) {
  const row = await findRequestBetween(deps.db, fromId, toId);
  if (row?.status !== "pending") return undefined;
  const settled = await deps.db
    .update(friendRequests)
    .set({ status, updatedAt: now })
    .where(and(eq(friendRequests.id, row.id), eq(friendRequests.status, "pending")));
  return settled.rowsAffected === 1 ? row.id : undefined;
}

/** A rejection as any addressee's: the requester's devices drop the request. */
async function rejectionNotice(deps: Deps, requestId: number, now: Date): Promise<FriendNotice | undefined> {
  const stored = await findRequest(deps.db, requestId);
  if (!stored) return undefined;
  return {
    uid: stored.request.from.id,
    key: `friend_request_rejected:${requestId}:${now.getTime()}`,
    body: { type: "friend_request_rejected", request: stored.request },
  };
}

export async function blockUser(deps: Deps, callerId: number, targetId: number): Promise<BlockedUser> {
  if (targetId === callerId) throw new ApiError("VALIDATION_FAILED", "you cannot block yourself");
  await enforce(deps, "blocksPerUser", callerId);
  const target = await deps.db.query.users.findFirst({ columns: { id: true }, where: eq(users.id, targetId) });
  if (!target) throw new ApiError("USER_NOT_FOUND", "no user with this id");
  const now = new Date();
  // The block row and the end of the friendship in one transaction, with the pair locked as an
  // accept locks it (lockPair): an accept is either refused by the block or ended by it.
  const unfriended = await deps.db.transaction(async (tx) => {
    await lockPair(tx, callerId, targetId);
    // Blocking again keeps the first block's time.
    await tx
      .insert(blocks)
      .values({ blockerId: callerId, blockedId: targetId, createdAt: now })
      .onDuplicateKeyUpdate({ set: { blockerId: callerId } });
    return removeFriendship(tx, callerId, targetId);
  });

  const notices: FriendNotice[] = [];
  const own: OwnCacheChange[] = [];
  const theirs = await settlePending(deps, targetId, callerId, "rejected", now);
  if (theirs !== undefined) {
    const notice = await rejectionNotice(deps, theirs, now);
    if (notice) notices.push(notice);
    own.push({ type: "request_answered", requestId: theirs });
  }
  // The caller's own request to them is withdrawn: no event says so, their object reloads (below).
  const mine = await settlePending(deps, callerId, targetId, "cancelled", now);
  if (mine !== undefined) own.push({ type: "request_answered", requestId: mine });
  if (unfriended) {
    const key = `friend_removed:${Math.min(callerId, targetId)}:${Math.max(callerId, targetId)}:${now.getTime()}`;
    notices.push(
      { uid: callerId, key, body: { type: "friend_removed", friendId: targetId } },
      { uid: targetId, key, body: { type: "friend_removed", friendId: callerId } },
    );
  }
  if (notices.length > 0 || own.length > 0) await notifyUsers(deps.env, callerId, notices, own);
  if (mine !== undefined) {
    await userSession(deps.env, targetId)
      .forgetHydration()
      .catch((err: unknown) => console.error(JSON.stringify({ level: "warn", what: "block repair", uid: targetId, error: String(err) })));
  }
  const block = await loadBlocked(deps.db, callerId, targetId);
  if (!block) throw new Error(`block ${callerId}->${targetId} missing right after it was written`);
  return block;
}

/**
 * Lifts the block. Requests they sent meanwhile (kept from the caller's sight) are rejected, as
 * any addressee may, so they can ask anew; the friendship a block ended is not restored.
 */
export async function unblockUser(deps: Deps, callerId: number, targetId: number): Promise<void> {
  const removed = await deps.db.delete(blocks).where(and(eq(blocks.blockerId, callerId), eq(blocks.blockedId, targetId)));
  if (removed.rowsAffected === 0) throw new ApiError("USER_NOT_FOUND", "you do not block this user");
  const now = new Date();
  const hidden = await settlePending(deps, targetId, callerId, "rejected", now);
  if (hidden === undefined) return;
  const notice = await rejectionNotice(deps, hidden, now);
  if (notice) await notifyUsers(deps.env, callerId, [notice]);
}
