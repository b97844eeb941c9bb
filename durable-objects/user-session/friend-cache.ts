// The friend list this object checks messages against and fans presence out to. Refreshed
// from MySQL on every connect, kept current between connects by friend events.
import type { Friend, Presence } from "../../protocol/events";

export function isFriend(sql: SqlStorage, id: number): boolean {
  return sql.exec("SELECT 1 FROM friends WHERE id = ?", id).toArray().length > 0;
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
}

export function removeFriend(sql: SqlStorage, id: number): void {
  sql.exec("DELETE FROM friends WHERE id = ?", id);
}

/** Replaces the cache with MySQL's truth. */
export function replaceFriends(sql: SqlStorage, friends: Friend[]): void {
  sql.exec("DELETE FROM friends");
  for (const f of friends) upsertFriend(sql, f);
}

export function setFriendPresence(sql: SqlStorage, id: number, presence: Presence): boolean {
  return sql.exec("UPDATE friends SET presence = ? WHERE id = ? AND presence <> ?", presence, id, presence).rowsWritten > 0;
}
