// Refresh tokens: `<session id>.<secret>`. Redis keeps only the secret's SHA-256, next to the
// session. Each use rotates the secret atomically; presenting an already-rotated secret means
// the token was copied, so the whole session is revoked.
import { ApiError } from "../errors";
import { toBase64Url } from "../lib/encoding";
import type { Redis } from "../lib/redis";
import { refreshKey, revokeSession, sessionOwner, touchSession } from "./sessions";

async function digest(secret: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret))));
}

const newSecret = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

export async function issueRefreshToken(redis: Redis, jti: string, ttlSeconds: number): Promise<string> {
  const secret = newSecret();
  await redis.set(refreshKey(jti), await digest(secret), { ex: ttlSeconds });
  return `${jti}.${secret}`;
}

/** Compare-and-set in one step, so two refreshes with the same token cannot both win. */
const ROTATE = `if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("SET", KEYS[1], ARGV[2], "EX", ARGV[3]) return 1 end return 0`;

/** Checks and rotates a refresh token; returns the session it belongs to and the new token. */
export async function rotateRefreshToken(redis: Redis, refreshToken: string, ttlSeconds: number): Promise<{ uid: number; jti: string; refreshToken: string }> {
  const [jti, secret] = refreshToken.split(".");
  const invalid = () => new ApiError("TOKEN_INVALID", "refresh token is not valid; log in again");
  if (!jti || !secret) throw invalid();
  const uid = await sessionOwner(redis, jti);
  if (uid === undefined) throw new ApiError("TOKEN_REVOKED", "this session was signed out; log in again");
  const next = newSecret();
  const rotated = await redis.eval(ROTATE, [refreshKey(jti)], [await digest(secret), await digest(next), ttlSeconds]);
  if (rotated !== 1) {
    await revokeSession(redis, uid, jti);
    throw new ApiError("TOKEN_REVOKED", "this refresh token was already used; the session was signed out for safety");
  }
  await touchSession(redis, uid, jti, ttlSeconds);
  return { uid, jti, refreshToken: `${jti}.${next}` };
}
