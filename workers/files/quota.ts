// The per-user daily upload quota: one Redis counter of bytes per user and UTC day. Checked before
// an upload (with its Content-Length when declared) and counted with the bytes actually stored.
// Two uploads racing may each pass the check; the overshoot is at most one file each.
import { ApiError } from "../errors";
import type { Redis } from "../lib/redis";

const DAY_MS = 86_400_000;
/** The counter outlives its day a little, so a request at 23:59:59 never recreates it at 0. */
const KEY_TTL_SECONDS = 2 * 86_400;

const quotaKey = (uid: number, now: number) => `qchat:files:quota:${uid}:${new Date(now).toISOString().slice(0, 10)}`;

export const secondsToMidnightUtc = (now: number) => Math.max(1, Math.ceil((DAY_MS - (now % DAY_MS)) / 1000));

export function quotaExceeded(quota: number, now: number): ApiError {
  return new ApiError("FILE_QUOTA_EXCEEDED", `daily upload quota of ${quota} bytes used; it resets at midnight UTC`, {
    retryAfter: secondsToMidnightUtc(now),
  });
}

/** Bytes the user may still upload today; throws 429 when `incoming` (declared) does not fit. */
export async function quotaLeft(redis: Redis, uid: number, quota: number, incoming: number, now = Date.now()): Promise<number> {
  const used = Number((await redis.get<number>(quotaKey(uid, now))) ?? 0);
  const left = quota - used;
  if (left <= 0 || incoming > left) throw quotaExceeded(quota, now);
  return left;
}

export async function countUpload(redis: Redis, uid: number, size: number, now = Date.now()): Promise<void> {
  const key = quotaKey(uid, now);
  await redis.pipeline().incrby(key, size).expire(key, KEY_TTL_SECONDS).exec();
}
