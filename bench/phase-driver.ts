// What the 1:1 and the group workloads share: the phase's clock and frame count, an open-loop
// schedule that tracks how far it fell behind, a timed closed-loop run with a progress line, and
// the drain that waits for every outstanding message.
import type { UserSocket } from "./sockets";

const countFrames = (sockets: UserSocket[]) => sockets.reduce((sum, s) => sum + [...s.frames.values()].reduce((a, b) => a + b, 0), 0);

export interface PhaseClock {
  startedAt: number;
  /** Wall time, frames the sockets received since the start, and sockets the server closed, by close code. */
  end(): { durationMs: number; frames: number; serverCloses: Record<string, number> };
}

/** Starts a phase over `sockets`. */
export function startPhase(sockets: UserSocket[]): PhaseClock {
  const framesBefore = countFrames(sockets);
  const startedAt = performance.now();
  return {
    startedAt,
    end: () => ({
      durationMs: performance.now() - startedAt,
      frames: countFrames(sockets) - framesBefore,
      serverCloses: sockets.reduce<Record<string, number>>((acc, s) => {
        if (s.closedByServer !== undefined) acc[s.closedByServer] = (acc[s.closedByServer] ?? 0) + 1;
        return acc;
      }, {}),
    }),
  };
}

export interface Schedule {
  /** Sends per second; `send(n)` runs for n = 0 .. total - 1. */
  rate: number;
  total: number;
  /** Timer period; each tick sends every send that is due. */
  tickMs: number;
  /** The first send goes at once instead of one period (1/rate) in. */
  firstAtOnce: boolean;
  send(n: number): void;
  /** After each tick, with the sends so far. */
  progress(sent: number): void;
}

/** Open loop: sends on schedule however the server keeps up; returns how far it fell behind (ms). */
export async function paced(s: Schedule, startedAt: number): Promise<number> {
  let sent = 0;
  let maxLagMs = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - startedAt;
      const due = Math.min(s.total, Math.floor((elapsed * s.rate) / 1000) + (s.firstAtOnce ? 1 : 0));
      if (due - sent > 1) maxLagMs = Math.max(maxLagMs, elapsed - (sent * 1000) / s.rate);
      for (; sent < due; sent++) s.send(sent);
      s.progress(sent);
      if (sent >= s.total) (clearInterval(timer), resolve());
    }, s.tickMs);
  });
  return maxLagMs;
}

/** Closed loop: lets the window run for `durationMs`, a progress line every second (ms since `startedAt`). */
export async function runFor(durationMs: number, startedAt: number, progress: (elapsedMs: number) => void): Promise<void> {
  const ticker = setInterval(() => progress(performance.now() - startedAt), 1000);
  await new Promise((r) => setTimeout(r, durationMs));
  clearInterval(ticker);
}

/**
 * Waits for every outstanding message, as long as they keep arriving: it gives up only after
 * `stallMs` without progress (or a hard cap), so an overloaded server is slow, not "lossy".
 */
export async function drain(outstanding: () => number, stallMs: number, capMs = 180_000): Promise<number> {
  const t0 = performance.now();
  let last = outstanding();
  let lastProgress = t0;
  while (last > 0 && performance.now() - lastProgress < stallMs && performance.now() - t0 < capMs) {
    await new Promise((r) => setTimeout(r, 20));
    const now = outstanding();
    if (now < last) lastProgress = performance.now();
    last = now;
  }
  return performance.now() - t0;
}
