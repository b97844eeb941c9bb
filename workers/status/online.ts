// Online counters in Redis, updated on connect/disconnect only (never per message).
import type { Redis } from "../lib/redis";

const ONLINE_USERS = "qchat:online:users";
const ONLINE_SOCKETS = "qchat:online:sockets";

export async function readOnline(redis: Redis): Promise<{ users: number; sockets: number }> {
  const [users, sockets] = await Promise.all([redis.scard(ONLINE_USERS), redis.get<number>(ONLINE_SOCKETS)]);
  return { users, sockets: Math.max(0, Number(sockets ?? 0)) };
}

/** Records one socket opening; `firstSocket` marks the user online. */
export async function socketOpened(redis: Redis, uid: number, firstSocket: boolean): Promise<void> {
  const tx = redis.multi();
  tx.incr(ONLINE_SOCKETS);
  if (firstSocket) tx.sadd(ONLINE_USERS, uid);
  await tx.exec();
}

/** Records one socket closing; `lastSocket` marks the user offline. */
export async function socketClosed(redis: Redis, uid: number, lastSocket: boolean): Promise<void> {
  const tx = redis.multi();
  tx.decr(ONLINE_SOCKETS);
  if (lastSocket) tx.srem(ONLINE_USERS, uid);
  await tx.exec();
}
