// The friend list this object checks messages against, fans presence out to and lists in hello,
// with each friend's presence as their object last pushed it (presenceChanged). Loaded from MySQL
// on the first connect or a repair (hello.ts), kept current by friend events (apply-event.ts) and
// by the user's own changes the Worker hands over with them (OwnCacheChange).
import type { Friend, FriendRequest, Presence } from "../../protocol/events";
import { dropRequest, upsertRequest } from "./request-cache";

/**
 * Per object instance, in memory: bumped by every change to the friend and request caches (but
 * presence, below), so a MySQL load that raced an event can tell its answer may be older than
 * the cache (hello.ts).
 */
const generations = new WeakMap<SqlStorage, number>();

export function cacheGeneration(sql: SqlStorage): number {
  return generations.get(sql) ?? 0;
}

export function bumpCacheGeneration(sql: SqlStorage): void {
  generations.set(sql, cacheGeneration(sql) + 1);
}

/**
 * Presence pushes that arrived while MySQL and Redis were asked for the friend list, in memory:
 * newer than what that load read, so they win over it (a friend coming online during a load is
 * common when many connect at once, and must not discard the load).
 */
const pushedDuringLoad = new WeakMap<SqlStorage, Map<number, Presence>>();

/** Starts recording presence pushes; the returned function stops and lays them over `friends`. */
export function recordPresenceDuringLoad(sql: SqlStorage): (friends: Friend[]) => Friend[] {
  const pushed = new Map<number, Presence>();
  pushedDuringLoad.set(sql, pushed);
  return (friends) => {
    if (pushedDuringLoad.get(sql) === pushed) pushedDuringLoad.delete(sql);
    return friends.map((f) => ({ ...f, presence: pushed.get(f.id) ?? f.presence }));
  };
}

export function isFriend(sql: SqlStorage, id: number): boolean {
  return sql.exec("SELECT 1 FROM friends WHERE id = ?", id).toArray().length > 0;
}

/** A friend's presence as their object last pushed it; undefined for someone not a friend. */
export function friendPresence(sql: SqlStorage, id: number): Presence | undefined {
  return sql.exec<{ presence: Presence }>("SELECT presence FROM friends WHERE id = ?", id).toArray()[0]?.presence;
}

export function cachedFriends(sql: SqlStorage): Friend[] {
  return sql
    .exec<{ data: string; presence: Presence }>("SELECT data, presence FROM friends ORDER BY id")
    .toArray()
    .map((r) => ({ ...(JSON.parse(r.data) as Friend), presence: r.presence }));
}

export function friendIds(sql: SqlStorage): number[] {
  return sql
    .exec<{ id: number }>("SELECT id FROM friends")
    .toArray()
    .map((r) => r.id);
}

export function upsertFriend(sql: SqlStorage, friend: Friend): void {
  sql.exec(
    "INSERT INTO friends (id, data, presence) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, presence = excluded.presence",
    friend.id,
    JSON.stringify(friend),
    friend.presence,
  );
  bumpCacheGeneration(sql);
}

export function removeFriend(sql: SqlStorage, id: number): void {
  sql.exec("DELETE FROM friends WHERE id = ?", id);
  bumpCacheGeneration(sql);
}

/** Replaces the cache with MySQL's truth. */
export function replaceFriends(sql: SqlStorage, friends: Friend[]): void {
  sql.exec("DELETE FROM friends");
  for (const f of friends) upsertFriend(sql, f);
}

export function setFriendPresence(sql: SqlStorage, id: number, presence: Presence): boolean {
  pushedDuringLoad.get(sql)?.set(id, presence);
  return sql.exec("UPDATE friends SET presence = ? WHERE id = ? AND presence <> ?", presence, id, presence).rowsWritten > 0;
}

/**
 * A change the user made that no event of theirs carries (their own devices are not sent an
 * event for it), handed over by the Worker with the events of the same change (relayEvents).
 */
export type OwnCacheChange =
  /** The user sent (or re-sent) a friend request. */
  | { type: "request_sent"; request: FriendRequest }
  /** The user rejected a request to them. */
  | { type: "request_answered"; requestId: number }
  /** The user renamed a friend (their alias). */
  | { type: "friend_renamed"; friend: Friend };

export function applyOwnChange(sql: SqlStorage, me: number, change: OwnCacheChange): void {
  switch (change.type) {
    case "request_sent":
      return upsertRequest(sql, me, change.request);
    case "request_answered":
      return dropRequest(sql, change.requestId);
    case "friend_renamed": {
      // Keep the presence this object was last told, not the one the Worker read.
      const known = sql.exec<{ presence: Presence }>("SELECT presence FROM friends WHERE id = ?", change.friend.id).toArray()[0];
      if (known) upsertFriend(sql, { ...change.friend, presence: known.presence });
      return;
    }
  }
}
