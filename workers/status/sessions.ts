// Login sessions in Redis: one key per token id (revocable), plus a per-user index so a
// password reset can revoke every session of that user.
import type { Redis } from "../lib/redis";

const sessionKey = (jti: string) => `qchat:session:${jti}`;
const userSessionsKey = (uid: number) => `qchat:user-sessions:${uid}`;

export async function createSession(redis: Redis, uid: number, ttlSeconds: number): Promise<string> {
  const jti = crypto.randomUUID();
  const tx = redis.multi();
  tx.set(sessionKey(jti), String(uid), { ex: ttlSeconds });
  tx.sadd(userSessionsKey(uid), jti);
  // The index lives as long as the newest session; stale members are harmless (their keys expired).
  tx.expire(userSessionsKey(uid), ttlSeconds);
  await tx.exec();
  return jti;
}

export async function isSessionActive(redis: Redis, uid: number, jti: string): Promise<boolean> {
  const owner = await redis.get<string | number>(sessionKey(jti));
  return owner !== null && String(owner) === String(uid);
}

export async function revokeSession(redis: Redis, uid: number, jti: string): Promise<void> {
  const tx = redis.multi();
  tx.del(sessionKey(jti));
  tx.srem(userSessionsKey(uid), jti);
  await tx.exec();
}

/** Revokes every session of a user; returns how many were live. */
export async function revokeAllSessions(redis: Redis, uid: number): Promise<number> {
  const jtis = await redis.smembers(userSessionsKey(uid));
  if (jtis.length === 0) return 0;
  const tx = redis.multi();
  tx.del(...jtis.map(sessionKey));
  tx.del(userSessionsKey(uid));
  const [deleted] = (await tx.exec()) as [number, number];
  return deleted;
}

/** Closes the live sockets of ended sessions; best effort, the token check already refuses them. */
export async function closeSessionSockets(env: Pick<Env, "USER_SESSION">, uid: number, sessionIds: string[] | "all"): Promise<void> {
  await env.USER_SESSION.get(env.USER_SESSION.idFromName(String(uid))).endSessions(sessionIds)
    .catch((err: unknown) => console.error(JSON.stringify({ level: "warn", what: "close session sockets", uid, error: String(err) })));
}
