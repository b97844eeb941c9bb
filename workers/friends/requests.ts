// The friend request lifecycle: send (or re-send, or turn into a mutual accept), accept, reject.
// MySQL is the truth; each change is then announced to the affected users' Durable Objects.
import { and, eq, ne } from "drizzle-orm";
import type { Friend, FriendRequest } from "../../protocol/events";
import type { SendRequestBody } from "../../protocol/friends";
import { friendRequests, users } from "../../schema";
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { isDuplicateKey } from "../lib/db";
import { areFriends, insertFriendshipPair, loadFriend, lockPair } from "./friendships";
import { notifyUsers } from "./notify";
import { findRequest, findRequestBetween, type StoredRequest } from "./request-rows";
import { enforce } from "../security/rate-limit";
import { blockedEitherWay, isBlocking } from "../blocks/rows";

export type SendOutcome = { status: 201; body: { request: FriendRequest } } | { status: 200; body: { friend: Friend; mutual: true } };

const requestNotFound = () => new ApiError("REQUEST_NOT_FOUND", "no pending friend request with this id");

/**
 * Marks a pending request accepted and creates both friendship rows, in one transaction. A
 * pending request the other way is settled too: it is answered by the same friendship. The pair
 * is locked first (lockPair) and a block either way refuses the accept as a request that no longer
 * exists; a block that lands right after ends the friendship, and the accept says the same.
 */
async function acceptPending(deps: Deps, stored: StoredRequest, alias: string): Promise<Friend> {
  const { id, from, to } = stored.request;
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    await lockPair(tx, from.id, to.id);
    if (await blockedEitherWay(tx, from.id, to.id)) throw requestNotFound();
    const accepted = await tx
      .update(friendRequests)
      .set({ status: "accepted", updatedAt: now })
      .where(and(eq(friendRequests.id, id), eq(friendRequests.status, "pending")));
    // Someone else accepted or rejected it between our read and this write.
    if (accepted.rowsAffected !== 1) throw requestNotFound();
    await tx
      .update(friendRequests)
      .set({ status: "accepted", updatedAt: now })
      .where(and(eq(friendRequests.fromUserId, to.id), eq(friendRequests.toUserId, from.id), eq(friendRequests.status, "pending")));
    await insertFriendshipPair(tx, from.id, to.id, alias);
  });
  const [forAccepter, forRequester] = await Promise.all([
    loadFriend(deps.db, deps.redis, to.id, from.id),
    loadFriend(deps.db, deps.redis, from.id, to.id),
  ]);
  // Ended meanwhile (a block, or an unfriend, committed right after): nothing to announce.
  if (!forAccepter || !forRequester) throw requestNotFound();
  const key = `friend_added:${id}:${now.getTime()}`;
  // The accepter (`to`) made this change: its object relays both events.
  await notifyUsers(deps.env, to.id, [
    { uid: to.id, key, body: { type: "friend_added", friend: forAccepter } },
    { uid: from.id, key, body: { type: "friend_added", friend: forRequester } },
  ]);
  // A block that ended the friendship between the load above and these events: its friend_removed
  // may have reached an object before our friend_added. Said again through the same object (its
  // queue keeps order), so every cache ends without the friendship, as MySQL does.
  if (!(await areFriends(deps.db, from.id, to.id))) {
    const removed = `friend_removed:${Math.min(from.id, to.id)}:${Math.max(from.id, to.id)}:${Date.now()}`;
    await notifyUsers(deps.env, to.id, [
      { uid: to.id, key: removed, body: { type: "friend_removed", friendId: from.id } },
      { uid: from.id, key: removed, body: { type: "friend_removed", friendId: to.id } },
    ]);
    throw requestNotFound();
  }
  return forAccepter;
}

/** Creates the request, or re-opens the caller's earlier one (the (from, to) pair is unique). */
async function openRequest(deps: Deps, callerId: number, { to, message }: SendRequestBody): Promise<number> {
  const now = new Date();
  const existing = await findRequestBetween(deps.db, callerId, to);
  const exists = () => new ApiError("REQUEST_EXISTS", "you already have a pending request to this user");
  if (existing) {
    // Only a settled request (rejected, cancelled, or accepted and later removed) may be re-sent.
    const reopened = await deps.db
      .update(friendRequests)
      .set({ status: "pending", message, createdAt: now, updatedAt: now })
      .where(and(eq(friendRequests.id, existing.id), ne(friendRequests.status, "pending")));
    if (reopened.rowsAffected !== 1) throw exists();
    return existing.id;
  }
  try {
    const [inserted] = await deps.db
      .insert(friendRequests)
      .values({ fromUserId: callerId, toUserId: to, message, status: "pending", createdAt: now, updatedAt: now })
      .$returningId();
    if (!inserted) throw new Error("insert returned no id");
    return inserted.id;
  } catch (err) {
    if (isDuplicateKey(err, "friend_requests_pair")) throw exists();
    throw err;
  }
}

export async function sendRequest(deps: Deps, callerId: number, body: SendRequestBody): Promise<SendOutcome> {
  if (body.to === callerId) throw new ApiError("CANNOT_FRIEND_SELF", "you cannot send a friend request to yourself");
  await enforce(deps, "friendRequestsPerUser", callerId);
  const target = await deps.db.query.users.findFirst({ columns: { id: true }, where: eq(users.id, body.to) });
  if (!target) throw new ApiError("USER_NOT_FOUND", "no user with this id");
  if (await isBlocking(deps.db, callerId, body.to)) throw new ApiError("FORBIDDEN", "you block this user: unblock them first");
  // A user who blocks the caller never hears of the request; the caller gets a stranger's answer.
  const unheard = await isBlocking(deps.db, body.to, callerId);
  if (await areFriends(deps.db, callerId, body.to)) throw new ApiError("ALREADY_FRIENDS", "you are already friends");
  // They already asked us: asking back means yes.
  const theirs = await findRequestBetween(deps.db, body.to, callerId);
  const theirsStored = theirs?.status === "pending" ? await findRequest(deps.db, theirs.id) : undefined;
  if (theirsStored) return { status: 200, body: { friend: await acceptPending(deps, theirsStored, ""), mutual: true } };

  const id = await openRequest(deps, callerId, body);
  const stored = await findRequest(deps.db, id);
  if (!stored) throw new Error(`friend request ${id} vanished right after it was written`);
  await notifyUsers(
    deps.env,
    callerId,
    unheard
      ? []
      : [
          {
            uid: body.to,
            key: `friend_request:${id}:${stored.updatedAt.getTime()}`,
            body: { type: "friend_request", request: stored.request },
          },
        ],
    [{ type: "request_sent", request: stored.request }],
  );
  return { status: 201, body: { request: stored.request } };
}

/** Loads a request the caller may answer: others' requests stay invisible (not found). */
async function requestToAnswer(deps: Deps, callerId: number, id: number, verb: string): Promise<StoredRequest> {
  const stored = await findRequest(deps.db, id);
  if (!stored || (stored.request.to.id !== callerId && stored.request.from.id !== callerId)) throw requestNotFound();
  if (stored.request.to.id !== callerId) throw new ApiError("FORBIDDEN", `only the addressee can ${verb} a friend request`);
  if (stored.request.status !== "pending") throw requestNotFound();
  // Requests from a user the caller blocks are kept from their sight.
  if (await isBlocking(deps.db, callerId, stored.request.from.id)) throw requestNotFound();
  return stored;
}

export async function acceptRequest(deps: Deps, callerId: number, id: number, alias: string): Promise<Friend> {
  return acceptPending(deps, await requestToAnswer(deps, callerId, id, "accept"), alias);
}

export async function rejectRequest(deps: Deps, callerId: number, id: number): Promise<void> {
  await requestToAnswer(deps, callerId, id, "reject");
  const now = new Date();
  const rejected = await deps.db
    .update(friendRequests)
    .set({ status: "rejected", updatedAt: now })
    .where(and(eq(friendRequests.id, id), eq(friendRequests.status, "pending")));
  if (rejected.rowsAffected !== 1) throw requestNotFound();
  const stored = await findRequest(deps.db, id);
  if (!stored) return;
  await notifyUsers(
    deps.env,
    callerId,
    [
      {
        uid: stored.request.from.id,
        key: `friend_request_rejected:${id}:${now.getTime()}`,
        body: { type: "friend_request_rejected", request: stored.request },
      },
    ],
    [{ type: "request_answered", requestId: id }],
  );
}
