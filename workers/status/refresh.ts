// Refresh tokens: `<session id>.<generation>.<mac>`, the mac an HMAC of (session id, generation)
// under a key derived from TOKEN_SECRET. Redis keeps only the session's current generation and
// when it last moved. So every secret ever issued for a session is recognisable without storing
// any of them, and anything else is just invalid:
// - the current generation rotates (generation + 1);
// - the generation just rotated away, within the grace window (REFRESH_GRACE_SECONDS), gets the
//   same new token again: a client that lost the reply, or two tabs racing, both go on;
// - any older generation, or the previous one after the grace window, is a copied token coming
//   back: the session is revoked and its sockets closed;
// - a token whose mac does not verify (`<jti>.garbage`) is TOKEN_INVALID and changes nothing.
// The decision and the write are one Lua script, so concurrent refreshes are serialised.
import { ApiError } from "../errors";
import { fromBase64Url, timingSafeEqual, toBase64Url } from "../lib/encoding";
import type { Redis } from "../lib/redis";
import { refreshKey, sessionKey, userSessionsKey } from "./sessions";

const encoder = new TextEncoder();

async function hmac(key: BufferSource, text: string): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(text)));
}

/** The mac of one generation; the key is separate from the access tokens' (domain-separated). */
async function mac(tokenSecret: string, jti: string, generation: number): Promise<Uint8Array<ArrayBuffer>> {
  const key = await hmac(encoder.encode(tokenSecret), "qchat refresh-token key v1");
  return hmac(key, `${jti}.${generation}`);
}

async function format(tokenSecret: string, jti: string, generation: number): Promise<string> {
  return `${jti}.${generation}.${toBase64Url(await mac(tokenSecret, jti, generation))}`;
}

/** Starts a session's refresh chain at generation 0. */
export async function issueRefreshToken(redis: Redis, tokenSecret: string, jti: string, ttlSeconds: number): Promise<string> {
  const tx = redis.multi();
  tx.hset(refreshKey(jti), { gen: 0, at: Date.now() });
  tx.expire(refreshKey(jti), ttlSeconds);
  await tx.exec();
  return format(tokenSecret, jti, 0);
}

/** A refresh token this server issued, or undefined (malformed or forged). */
async function parse(tokenSecret: string, token: string): Promise<{ jti: string; generation: number } | undefined> {
  const [jti, gen, signature, extra] = token.split(".");
  if (!jti || !gen || !signature || extra !== undefined || !/^\d{1,9}$/.test(gen)) return undefined;
  const generation = Number(gen);
  let presented: Uint8Array;
  try {
    presented = fromBase64Url(signature);
  } catch {
    return undefined;
  }
  return timingSafeEqual(presented, await mac(tokenSecret, jti, generation)) ? { jti, generation } : undefined;
}

/**
 * KEYS: refresh state, session, the user's session index. ARGV: presented generation, now (ms),
 * grace (ms), ttl (s), jti. Returns {"rotated", gen} | {"repeat", gen} | {"reused"} | {"gone"}.
 */
const ROTATE = `
if redis.call("EXISTS", KEYS[2]) == 0 then return {"gone"} end
local state = redis.call("HMGET", KEYS[1], "gen", "at")
local gen, at = tonumber(state[1]), tonumber(state[2])
if not gen then return {"gone"} end
local presented, now = tonumber(ARGV[1]), tonumber(ARGV[2])
if presented == gen then
  redis.call("HSET", KEYS[1], "gen", gen + 1, "at", now)
  for i = 1, 3 do redis.call("EXPIRE", KEYS[i], ARGV[4]) end
  return {"rotated", gen + 1}
end
if presented == gen - 1 and now - at <= tonumber(ARGV[3]) then return {"repeat", gen} end
if presented < gen then
  redis.call("DEL", KEYS[1], KEYS[2])
  redis.call("SREM", KEYS[3], ARGV[5])
  return {"reused"}
end
return {"gone"}`;

export type RotateResult =
  | { ok: true; uid: number; jti: string; refreshToken: string }
  /** A copied token came back: the session was revoked here; the caller closes its sockets. */
  | { ok: false; uid: number; jti: string };

/** Checks a refresh token and rotates it; throws TOKEN_INVALID / TOKEN_REVOKED for dead ones. */
export async function rotateRefreshToken(
  redis: Redis,
  tokenSecret: string,
  refreshToken: string,
  opts: { ttlSeconds: number; graceSeconds: number },
): Promise<RotateResult> {
  const token = await parse(tokenSecret, refreshToken);
  if (!token) throw new ApiError("TOKEN_INVALID", "refresh token is not valid; log in again");
  const owner = await redis.get<string | number>(sessionKey(token.jti));
  if (owner === null) throw new ApiError("TOKEN_REVOKED", "this session was signed out; log in again");
  const uid = Number(owner);
  const [outcome, generation] = (await redis.eval(
    ROTATE,
    [refreshKey(token.jti), sessionKey(token.jti), userSessionsKey(uid)],
    [token.generation, Date.now(), opts.graceSeconds * 1000, opts.ttlSeconds, token.jti],
  )) as [string, number?];
  if (outcome === "reused") return { ok: false, uid, jti: token.jti };
  if (outcome === "gone" || generation === undefined) {
    throw new ApiError("TOKEN_REVOKED", "this session was signed out; log in again");
  }
  return { ok: true, uid, jti: token.jti, refreshToken: await format(tokenSecret, token.jti, Number(generation)) };
}
