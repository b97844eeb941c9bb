// Login sessions in Redis: one key per session (the tokens' jti; revocable, and kept alive by
// refreshes), plus a per-user index so a password reset can revoke every session of that user.
import type { Redis } from "../lib/redis";
import { userSession } from "../lib/user-session";

/**
 * A session's refresh-token state (hash: current generation, when it last moved), see
 * workers/status/refresh.ts; each rotation also slides the session's expiry.
 */
export const refreshKey = (jti: string) => `qchat:refresh:${jti}`;

export const sessionKey = (jti: string) => `qchat:session:${jti}`;
export const userSessionsKey = (uid: number) => `qchat:user-sessions:${uid}`;

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

export async function sessionOwner(redis: Redis, jti: string): Promise<number | undefined> {
  const owner = await redis.get<string | number>(sessionKey(jti));
  return owner === null ? undefined : Number(owner);
}

export async function isSessionActive(redis: Redis, uid: number, jti: string): Promise<boolean> {
  return (await sessionOwner(redis, jti)) === uid;
}

export async function revokeSession(redis: Redis, uid: number, jti: string): Promise<void> {
  const tx = redis.multi();
  tx.del(sessionKey(jti), refreshKey(jti));
  tx.srem(userSessionsKey(uid), jti);
  await tx.exec();
}

/** Revokes every session of a user; returns how many were live. */
export async function revokeAllSessions(redis: Redis, uid: number): Promise<number> {
  const jtis = await redis.smembers(userSessionsKey(uid));
  if (jtis.length === 0) return 0;
  const tx = redis.multi();
  tx.del(...jtis.map(sessionKey));
  tx.del(...jtis.map(refreshKey));
  tx.del(userSessionsKey(uid));
  const [deleted] = (await tx.exec()) as [number, number, number];
  return deleted;
}

/** Closes the live sockets of ended sessions; best effort, the token check already refuses them. */
export async function closeSessionSockets(env: Pick<Env, "USER_SESSION">, uid: number, sessionIds: string[] | "all"): Promise<void> {
  await userSession(env, uid)
    .endSessions(sessionIds)
    .catch((err: unknown) => console.error(JSON.stringify({ level: "warn", what: "close session sockets", uid, error: String(err) })));
}
