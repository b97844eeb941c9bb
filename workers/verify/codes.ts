// Verification codes (the seed's VerifyServer): 6 digits from a CSPRNG, kept in Redis with a
// TTL, purpose-scoped, single use, void after too many wrong tries, with a resend cooldown.
import type { CodePurpose } from "../../protocol/auth";
import type { Settings } from "../config";
import { ApiError } from "../errors";
import { randomInt } from "../lib/encoding";
import type { Redis } from "../lib/redis";

const codeKey = (purpose: CodePurpose, email: string) => `qchat:code:${purpose}:${email}`;
const cooldownKey = (email: string) => `qchat:code-cooldown:${email}`;
const guessesKey = (email: string) => `qchat:code-guesses:${email}`;

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

/** Wrong guesses allowed per email per hour, across all its codes and purposes. */
export const WRONG_GUESSES_PER_EMAIL_PER_HOUR = 10;
const GUESS_WINDOW_SECONDS = 3600;

// Check and count in one atomic step, so parallel guesses cannot all be compared before the count
// catches up. Single use: a match deletes the key. Void: the guess that reaches the limit deletes
// it, and a missing key is never touched again (HINCRBY after DEL would recreate it with no TTL).
// The per-email guess counter always has a TTL (set when it is created, repaired if missing).
// Replies: {"OK"} | {"INVALID", triesLeft} | {"VOID"} | {"EXPIRED"} | {"LOCKED", retryAfter}.
const CHECK_AND_COUNT = `
local guesses = tonumber(redis.call('GET', KEYS[2]) or '0')
if guesses >= tonumber(ARGV[3]) then return {'LOCKED', redis.call('TTL', KEYS[2])} end
local stored = redis.call('HGET', KEYS[1], 'code')
if not stored then return {'EXPIRED'} end
local max = tonumber(ARGV[2])
if tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0') >= max then
  redis.call('DEL', KEYS[1])
  return {'VOID'}
end
if stored == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {'OK'}
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('INCR', KEYS[2])
if redis.call('TTL', KEYS[2]) < 0 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
if attempts >= max then
  redis.call('DEL', KEYS[1])
  return {'VOID'}
end
return {'INVALID', max - attempts}
`;

/**
 * Checks a code and consumes it on success; wrong tries count towards voiding it (atomically,
 * in Redis), and towards the email's hourly cap of wrong guesses across codes.
 */
export async function consumeCode(redis: Redis, settings: CodeSettings, email: string, purpose: CodePurpose, code: string): Promise<void> {
  const keys = [codeKey(purpose, email), guessesKey(email)];
  const args = [code, settings.codeMaxAttempts, WRONG_GUESSES_PER_EMAIL_PER_HOUR, GUESS_WINDOW_SECONDS];
  const [outcome, n] = await redis.eval<typeof args, [string, number?]>(CHECK_AND_COUNT, keys, args);
  switch (outcome) {
    case "OK":
      return;
    case "LOCKED": {
      const retryAfter = Math.max(1, Number(n ?? GUESS_WINDOW_SECONDS));
      throw new ApiError("RATE_LIMITED", `too many wrong codes for this email; retry in ${retryAfter} s`, { retryAfter });
    }
    case "VOID":
      throw new ApiError("CODE_ATTEMPTS_EXCEEDED", "too many wrong codes; this code is void, request a new one");
    case "INVALID": {
      const left = Number(n);
      throw new ApiError("CODE_INVALID", `wrong code; ${left} ${left === 1 ? "try" : "tries"} left`);
    }
    default:
      throw new ApiError("CODE_EXPIRED", "no valid code for this email (expired, used or never requested); request a new one");
  }
}
