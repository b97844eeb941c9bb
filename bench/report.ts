// Turning raw samples into the summary: percentiles, the QChat-vs-room-vs-relay table with
// ratios, and a throttled progress line on stderr.

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
}

export function percentiles(samples: number[]): Percentiles {
  if (samples.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0, n: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]!, n: sorted.length };
}

type Cell = number | string | undefined;

export interface Row {
  name: string;
  qchat: Cell;
  room?: Cell;
  relay?: Cell;
  unit?: string;
  higherIsBetter?: boolean;
}

/** Which baselines have a column (each with its QChat/baseline ratio). */
export interface Baselines {
  room: boolean;
  relay: boolean;
}

const fmt = (v: Cell) => {
  if (v === undefined) return "-";
  if (typeof v === "string") return v;
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en-US");
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
};

/** QChat / baseline: above 1 means QChat is bigger (more throughput, or more latency). */
export function ratio(q: Cell, r: Cell): string {
  if (typeof q !== "number" || typeof r !== "number" || r === 0) return "-";
  return `${(q / r).toFixed(2)}x`;
}

export function table(title: string, rows: Row[], baselines: Baselines): string {
  const header = [
    "",
    "QChat",
    ...(baselines.room ? ["room"] : []),
    ...(baselines.relay ? ["relay"] : []),
    ...(baselines.room ? ["QChat/room"] : []),
    ...(baselines.relay ? ["QChat/relay"] : []),
  ];
  const body = rows.map((r) => [
    r.unit ? `${r.name} (${r.unit})` : r.name,
    fmt(r.qchat),
    ...(baselines.room ? [fmt(r.room)] : []),
    ...(baselines.relay ? [fmt(r.relay)] : []),
    ...(baselines.room ? [ratio(r.qchat, r.room)] : []),
    ...(baselines.relay ? [ratio(r.qchat, r.relay)] : []),
  ]);
  const widths = header.map((_, c) => Math.max(header[c]!.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [title, line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** A progress line: rewritten in place on a terminal, at most every 5 s otherwise. */
export function createProgress(): { update(line: string): void; log(line: string): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let shown = "";
  const clear = () => {
    if (tty && shown) process.stderr.write(`\r${" ".repeat(shown.length)}\r`);
    shown = "";
  };
  return {
    update(line) {
      const now = Date.now();
      if (now - last < (tty ? 250 : 5000)) return;
      last = now;
      if (tty) {
        clear();
        shown = line.slice(0, (process.stderr.columns ?? 120) - 1);
        process.stderr.write(shown);
      } else process.stderr.write(`  ${line}\n`);
    },
    log(line) {
      clear();
      process.stderr.write(`${line}\n`);
    },
    done: clear,
  };
}
