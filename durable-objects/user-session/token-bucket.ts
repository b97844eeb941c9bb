// Token bucket arithmetic for the per-user frame budget (frame-budget.ts).

export interface Bucket {
  tokens: number;
  /** When `tokens` was last refilled (ms). */
  at: number;
}

/** Takes `cost` tokens; returns the bucket to keep and, when short, the seconds until there are enough. */
export function takeToken(
  bucket: Bucket | undefined,
  ratePerSecond: number,
  burst: number,
  now = Date.now(),
  cost = 1,
): { bucket: Bucket; retryAfter?: number } {
  const current = bucket ?? { tokens: burst, at: now };
  const tokens = Math.min(burst, current.tokens + ((now - current.at) / 1000) * ratePerSecond);
  if (tokens >= cost) return { bucket: { tokens: tokens - cost, at: now } };
  return { bucket: { tokens, at: now }, retryAfter: Math.max(0.001, (cost - tokens) / ratePerSecond) };
}
