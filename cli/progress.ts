// The transfer progress bar on stderr: `[█████░░░░░]  42%  1.1 MB / 2.6 MB  1.3 MB/s  3 s left`.
// Redrawn in place on a terminal (at most every 100 ms); in a pipe or a log, one line per
// quarter, so scripts get a trace without a flood. Rendering is pure, for tests.
import type { TransferProgress } from "../client";

const WIDTH = 24;
const REDRAW_MS = 100;

/** 1023 B, 1.5 KB, 2.6 MB, 1.2 GB (powers of 1024, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** One line of progress after `elapsedMs`; speed and time left once there is something to go on. */
export function renderProgress(p: TransferProgress, elapsedMs: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.loaded / p.total) : 1;
  const filled = Math.round(fraction * WIDTH);
  const bar = `[${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const parts = [bar, percent, `${formatBytes(p.loaded)} / ${formatBytes(p.total)}`];
  const seconds = elapsedMs / 1000;
  if (seconds >= 0.2 && p.loaded > 0) {
    const speed = p.loaded / seconds;
    parts.push(`${formatBytes(Math.round(speed))}/s`);
    if (fraction < 1) parts.push(`${formatSeconds((p.total - p.loaded) / speed)} left`);
  }
  return parts.join("  ");
}

export interface ProgressOutput {
  write(text: string): void;
  /** Redraw in place (a terminal) or print lines (a pipe). */
  isTTY?: boolean;
}

export interface ProgressBar {
  update(p: TransferProgress): void;
  /** Draws the last state and ends the line. */
  done(): void;
}

export function createProgressBar(out: ProgressOutput = process.stderr, now: () => number = Date.now): ProgressBar {
  const started = now();
  let last: TransferProgress = { loaded: 0, total: 0 };
  let drawnAt = -Infinity;
  let quarter = -1;
  let finished = false;
  const draw = () => renderProgress(last, now() - started);

  return {
    update(p) {
      if (finished) return;
      last = p;
      if (out.isTTY) {
        if (now() - drawnAt < REDRAW_MS && p.loaded < p.total) return;
        drawnAt = now();
        return out.write(`\r${draw()}\x1b[K`);
      }
      const reached = p.total > 0 ? Math.floor((4 * p.loaded) / p.total) : 4;
      if (reached > quarter && reached < 4) {
        quarter = reached;
        out.write(`${draw()}\n`);
      }
    },
    done() {
      if (finished) return;
      finished = true;
      out.write(out.isTTY ? `\r${draw()}\x1b[K\n` : `${draw()}\n`);
    },
  };
}
