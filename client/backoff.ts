// Reconnect delays: exponential backoff with full jitter, so a fleet of clients dropped by the
// same outage spreads its reconnects over the whole window instead of arriving in waves.
// (AWS Architecture Blog, "Exponential Backoff and Jitter": full jitter does the least work.)

export interface BackoffOptions {
  /** Ceiling of the first retry's delay; default 250 ms. */
  baseMs?: number;
  /** Largest ceiling, reached after a few failures; default 30 s. */
  capMs?: number;
  /** A connection open at least this long counts as stable and resets the attempts; default 10 s. */
  stableMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 250, capMs: 30_000, stableMs: 10_000 };

/**
 * Delay before retry number `attempt` (0 for the first retry): uniform in
 * [0, min(cap, base * 2^attempt)). `random` is injectable for tests.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs, capMs } = { ...DEFAULT_BACKOFF, ...opts };
  // 2 ** 60 would still be finite, but keep the exponent small so the ceiling math stays exact.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
