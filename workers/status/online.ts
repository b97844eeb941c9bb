// Online counters in Redis: one hash field per online user holding that user's socket count,
// written by the user's Durable Object when that count changes (in the same round trip as its
// presence, see durable-objects/user-session/presence.ts) and renewed by its periodic idle check
// (never per message). Absolute values, not INCR/DECR, so the counts heal by themselves after
// Redis loses data.
import type { Redis } from "../lib/redis";

const ONLINE = "qchat:online";

/** Online users (HLEN) and their sockets (sum of the fields); O(online users), for status pages. */
export async function readOnline(redis: Redis): Promise<{ users: number; sockets: number }> {
  const counts: unknown[] = await redis.hvals(ONLINE);
  return { users: counts.length, sockets: counts.reduce<number>((sum, n) => sum + Math.max(0, Number(n) || 0), 0) };
}

/** How many sockets one user has now (0 when none), invisible or not: one HGET. */
export async function onlineSockets(redis: Redis, uid: number): Promise<number> {
  return Math.max(0, Number(await redis.hget(ONLINE, String(uid))) || 0);
}

/** Records, in a pipeline, how many sockets a user has now; 0 removes the user. */
export function recordOnlineIn(pipeline: ReturnType<Redis["pipeline"]>, uid: number, sockets: number): void {
  if (sockets > 0) pipeline.hset(ONLINE, { [uid]: sockets });
  else pipeline.hdel(ONLINE, String(uid));
}
