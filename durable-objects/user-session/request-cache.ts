// Pending friend requests to and from this user, as hello lists them (newest first). Kept in kv
// as one JSON value (a user has a handful), loaded from MySQL on the first connect or a repair
// (hello.ts) and kept current by friend events and the user's own changes (friend-cache.ts).
import type { FriendRequest } from "../../protocol/events";
import { bumpCacheGeneration } from "./friend-cache";
import { getKv, setKv } from "./storage";

export interface PendingRequests {
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
}

export function cachedRequests(sql: SqlStorage): PendingRequests {
  const stored = getKv(sql, "requests");
  return stored ? (JSON.parse(stored) as PendingRequests) : { incoming: [], outgoing: [] };
}

/** Replaces the cache with MySQL's truth. */
export function replaceRequests(sql: SqlStorage, requests: PendingRequests): void {
  setKv(sql, "requests", JSON.stringify(requests));
  bumpCacheGeneration(sql);
}

function keepOnly(sql: SqlStorage, keep: (r: FriendRequest) => boolean, added?: { me: number; request: FriendRequest }): void {
  const { incoming, outgoing } = cachedRequests(sql);
  const next = { incoming: incoming.filter(keep), outgoing: outgoing.filter(keep) };
  if (added && added.request.status === "pending") {
    (added.request.to.id === added.me ? next.incoming : next.outgoing).push(added.request);
  }
  const newestFirst = (x: FriendRequest, y: FriendRequest) => y.createdAt.localeCompare(x.createdAt) || y.id - x.id;
  next.incoming.sort(newestFirst);
  next.outgoing.sort(newestFirst);
  replaceRequests(sql, next);
}

/** A request to or from `me` was opened (or re-opened, same id). */
export function upsertRequest(sql: SqlStorage, me: number, request: FriendRequest): void {
  keepOnly(sql, (r) => r.id !== request.id, { me, request });
}

/** A request was answered (rejected, or accepted: see dropRequestsWith). */
export function dropRequest(sql: SqlStorage, id: number): void {
  keepOnly(sql, (r) => r.id !== id);
}

/** `me` and `peer` became friends: every request between them is settled (both directions). */
export function dropRequestsWith(sql: SqlStorage, me: number, peer: number): void {
  keepOnly(sql, (r) => (r.from.id === me ? r.to.id : r.from.id) !== peer);
}
