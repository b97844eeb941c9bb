// Changes to an existing friendship: the caller's alias for a friend, and removing a friend.
import type { Friend } from "../../protocol/events";
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { loadFriend, removeFriendship, setAlias } from "./friendships";
import { notifyUsers } from "./notify";

const notFriends = () => new ApiError("NOT_FRIENDS", "this user is not your friend");

export async function renameFriend(deps: Deps, callerId: number, friendId: number, alias: string): Promise<Friend> {
  await setAlias(deps.db, callerId, friendId, alias);
  // Read back rather than trust rowsAffected: MySQL counts an unchanged alias as 0 rows.
  const friend = await loadFriend(deps.db, deps.redis, callerId, friendId);
  if (!friend) throw notFriends();
  // The caller's object lists friends in hello from its cache: it takes the new alias too.
  await notifyUsers(deps.env, callerId, [], [{ type: "friend_renamed", friend }]);
  return friend;
}

/** Removes both directions and tells both users; requests between them stay settled. */
export async function removeFriend(deps: Deps, callerId: number, friendId: number): Promise<void> {
  if (!(await removeFriendship(deps.db, callerId, friendId))) throw notFriends();
  const key = `friend_removed:${Math.min(callerId, friendId)}:${Math.max(callerId, friendId)}:${Date.now()}`;
  await notifyUsers(deps.env, callerId, [
    { uid: callerId, key, body: { type: "friend_removed", friendId } },
    { uid: friendId, key, body: { type: "friend_removed", friendId: callerId } },
  ]);
}
