// POST /v1/me/delete: deletes the caller's account after the password is entered again. The order
// is chosen so a failure at any step can be retried by logging in and asking again: every step
// removes what is left of its part and repeats nothing, and the users row (what a login needs) goes
// last. docs/privacy.md lists exactly what is removed and what stays.
//  1. the password, counted by the per-account login limit (so this cannot be used to guess it);
//  2. every session and refresh token (no device can start new changes while the rest runs);
//  3. friendships (each peer's object told), friend requests and blocks, both ways;
//  4. groups: left through each group's object (ownership passes on, an emptied group ends);
//  5. the user's object: its pending MySQL writes and calls handed on, sockets closed (4010),
//     storage and alarm deleted;
//  6. their uploads: R2 bytes, then rows;
//  7. one transaction: the users row out, the deleted_accounts row in (the id is never issued
//     again), and any friend/request/block row a peer made meanwhile;
//  8. sessions again (a login between 2 and 7).
import { eq, or } from "drizzle-orm";
import type { DeleteAccountReply } from "../../protocol/account";
import { blocks, deletedAccounts, friendRequests, friendships, users } from "../../schema";
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { verifyPassword } from "../gateway/password";
import { findUserById } from "../gateway/users";
import { userSession } from "../lib/user-session";
import { enforce } from "../security/rate-limit";
import { revokeAllSessions } from "../status/sessions";
import { deleteUploads } from "./delete-files";
import { leaveGroups } from "./delete-groups";
import { dropBlocks, dropFriendRequests, endFriendships } from "./delete-social";

export async function deleteAccount(deps: Deps, uid: number, password: string): Promise<DeleteAccountReply> {
  const user = await findUserById(deps.db, uid);
  if (!user) throw new ApiError("NOT_FOUND", "this account no longer exists");
  // The login's own per-account budget: ten wrong passwords here or at login, together.
  await enforce(deps, "loginPerAccount", `uid:${uid}`);
  if (!(await verifyPassword(password, user.passwordHash))) throw new ApiError("INVALID_CREDENTIALS", "wrong password");

  const sessions = await revokeAllSessions(deps.redis, uid);
  const friendshipsEnded = await endFriendships(deps, uid);
  const requests = await dropFriendRequests(deps, uid);
  const blockRows = await dropBlocks(deps, uid);
  const groupsLeft = await leaveGroups(deps, uid);
  const erased = await userSession(deps.env, uid).eraseAccount();
  if (!erased.ok) throw new ApiError("EVENTS_UNAVAILABLE", `the account is not deleted yet (${erased.message}); try again in a minute`);
  const uploads = await deleteUploads(deps, uid);
  await removeUserRow(deps, uid);
  const lateSessions = await revokeAllSessions(deps.redis, uid);

  return {
    deleted: true,
    removed: {
      friendships: friendshipsEnded,
      friendRequests: requests,
      blocks: blockRows,
      groupsLeft,
      files: uploads,
      sessions: sessions + lateSessions,
    },
  };
}

async function removeUserRow(deps: Deps, uid: number): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(deletedAccounts)
      .values({ id: uid, deletedAt: new Date() })
      .onDuplicateKeyUpdate({ set: { id: uid } });
    await tx.delete(friendships).where(or(eq(friendships.userId, uid), eq(friendships.friendId, uid)));
    await tx.delete(friendRequests).where(or(eq(friendRequests.fromUserId, uid), eq(friendRequests.toUserId, uid)));
    await tx.delete(blocks).where(or(eq(blocks.blockerId, uid), eq(blocks.blockedId, uid)));
    await tx.delete(users).where(eq(users.id, uid));
  });
}
