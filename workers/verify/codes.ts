// Verification codes (the seed's VerifyServer): 6 digits from a CSPRNG, kept in Redis with a
// TTL, purpose-scoped, single use, void after too many wrong tries, with a resend cooldown.
import type { CodePurpose } from "../../protocol/auth";
import type { Settings } from "../config";
import { ApiError } from "../errors";
import { randomInt, timingSafeEqual } from "../lib/encoding";
import type { Redis } from "../lib/redis";

const codeKey = (purpose: CodePurpose, email: string) => `qchat:code:${purpose}:${email}`;
const cooldownKey = (email: string) => `qchat:code-cooldown:${email}`;

type CodeSettings = Pick<Settings, "codeTtlSeconds" | "codeCooldownSeconds" | "codeMaxAttempts">;

/**
 * Starts the cooldown and stores a fresh code (replacing any earlier one for that purpose).
 * Throws CODE_COOLDOWN while a previous request for this email is too recent.
 */
export async function createCode(redis: Redis, settings: CodeSettings, email: string, purpose: CodePurpose): Promise<string> {
  const started = await redis.set(cooldownKey(email), "1", { nx: true, ex: settings.codeCooldownSeconds });
  if (started !== "OK") {
    const retryAfter = Math.max(1, await redis.ttl(cooldownKey(email)));
    throw new ApiError("CODE_COOLDOWN", `a code was sent recently; try again in ${retryAfter} s`, { retryAfter });
  }
  const code = String(randomInt(0, 999_999)).padStart(6, "0");
  const tx = redis.multi();
  tx.del(codeKey(purpose, email));
  tx.hset(codeKey(purpose, email), { code, attempts: 0 });
  tx.expire(codeKey(purpose, email), settings.codeTtlSeconds);
  await tx.exec();
  return code;
}

/** Undoes createCode when the email could not be sent, so the user may retry at once. */
export async function discardCode(redis: Redis, email: string, purpose: CodePurpose): Promise<void> {
  await redis.del(codeKey(purpose, email), cooldownKey(email));
}

/** Checks a code and consumes it on success; wrong tries count towards voiding it. */
export async function consumeCode(redis: Redis, settings: CodeSettings, email: string, purpose: CodePurpose, code: string): Promise<void> {
  const key = codeKey(purpose, email);
  // Hash values are stored as strings; keep them so (no JSON parsing of "012345").
  const stored = await redis.hget<string | number>(key, "code");
  if (stored === null) {
    throw new ApiError("CODE_EXPIRED", "no valid code for this email (expired, used or never requested); request a new one");
  }
  const expected = String(stored).padStart(6, "0");
  const encoder = new TextEncoder();
  if (timingSafeEqual(encoder.encode(expected), encoder.encode(code))) {
    // DEL decides the winner when two requests race with the same code: single use.
    if ((await redis.del(key)) === 1) return;
    throw new ApiError("CODE_EXPIRED", "this code was already used; request a new one");
  }
  const attempts = await redis.hincrby(key, "attempts", 1);
  if (attempts >= settings.codeMaxAttempts) {
    await redis.del(key);
    throw new ApiError("CODE_ATTEMPTS_EXCEEDED", "too many wrong codes; this code is void, request a new one");
  }
  const left = settings.codeMaxAttempts - attempts;
  throw new ApiError("CODE_INVALID", `wrong code; ${left} ${left === 1 ? "try" : "tries"} left`);
}
