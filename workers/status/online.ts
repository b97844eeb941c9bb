// Online counters in Redis: one hash field per online user holding that user's socket count,
// written by the user's Durable Object on connect, disconnect and its periodic refresh (never per
// message). Absolute values, not INCR/DECR, so the counts heal by themselves after Redis loses data.
import type { Redis } from "../lib/redis";

const ONLINE = "qchat:online";

/** Online users (HLEN) and their sockets (sum of the fields); O(online users), for status pages. */
export async function readOnline(redis: Redis): Promise<{ users: number; sockets: number }> {
  const counts: unknown[] = await redis.hvals(ONLINE);
  return { users: counts.length, sockets: counts.reduce<number>((sum, n) => sum + Math.max(0, Number(n) || 0), 0) };
}

/** Records how many sockets a user has now; 0 removes the user. */
export async function recordOnline(redis: Redis, uid: number, sockets: number): Promise<void> {
  if (sockets > 0) await redis.hset(ONLINE, { [uid]: sockets });
  else await redis.hdel(ONLINE, String(uid));
}
