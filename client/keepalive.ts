// Dead-socket detection for the resilient client: sends the exact heartbeat every interval and
// declares the socket dead when nothing at all (pong or any frame) arrived for two intervals.
// A half-open TCP connection never reports a close, so silence is the only signal there is.

export interface KeepaliveOptions {
  intervalMs: number;
  /** Sends HEARTBEAT_REQUEST verbatim (the runtime's auto-response matches it exactly). */
  ping(): void;
  /** When the last frame of any kind arrived (Date.now() clock). */
  lastActivity(): number;
  /** Called once, after which the keepalive is stopped. */
  onDead(): void;
}

/** Starts the heartbeat and the silence watchdog; returns the function that stops both. */
export function startKeepalive(opts: KeepaliveOptions): () => void {
  const limitMs = 2 * opts.intervalMs;
  let stopped = false;
  let deadTimer: ReturnType<typeof setTimeout> | undefined;
  const pingTimer = setInterval(() => opts.ping(), opts.intervalMs);

  // One timer aimed at the deadline, re-aimed lazily when it fires early: cheaper than resetting a
  // timer on every frame, which matters under load.
  function arm(): void {
    const due = opts.lastActivity() + limitMs;
    deadTimer = setTimeout(check, Math.max(0, due - Date.now()));
  }
  function check(): void {
    if (stopped) return;
    if (Date.now() - opts.lastActivity() < limitMs) return arm();
    stop();
    opts.onDead();
  }
  function stop(): void {
    stopped = true;
    clearInterval(pingTimer);
    if (deadTimer !== undefined) clearTimeout(deadTimer);
  }

  arm();
  return stop;
}
