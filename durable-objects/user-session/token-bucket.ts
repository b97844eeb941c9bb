// Per-socket message rate limit: a token bucket kept in the socket's attachment, so it
// survives hibernation and costs no storage write of its own.

export interface Bucket {
  tokens: number;
  /** When `tokens` was last refilled (ms). */
  at: number;
}

/** Takes one token; returns the bucket to store and, when empty, the seconds until the next token. */
export function takeToken(bucket: Bucket | undefined, ratePerSecond: number, burst: number, now = Date.now()): { bucket: Bucket; retryAfter?: number } {
  const current = bucket ?? { tokens: burst, at: now };
  const tokens = Math.min(burst, current.tokens + ((now - current.at) / 1000) * ratePerSecond);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at: now } };
  return { bucket: { tokens, at: now }, retryAfter: Math.max(0.001, (1 - tokens) / ratePerSecond) };
}
