// What the load did to the running `npm start`, seen from outside: the processes under it (open
// files and memory, sampled once a second, read-only from /proc) and the lines its log gained.
import { existsSync, readFileSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { descendants, sample } from "../../bench/proc-stats";

export interface ProcessPeak {
  pid: number;
  name: string;
  fdsBefore: number;
  fdsPeak: number;
  fdsAfter: number;
  rssMbAfter: number;
}

export interface LogSummary {
  lines: number;
  /** Requests the log shows answered with a status >= 400, by status. */
  statuses: Record<string, number>;
  /** Error and warning lines, grouped by their text with numbers and ids blanked, most frequent first. */
  errors: Array<{ line: string; count: number }>;
}

/** The `npm start` (dev/start.ts) running in projectDir, by its command line and working directory. */
export function findNpmStart(projectDir: string): number | undefined {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (!cmdline.some((arg) => arg === "dev/start.ts" || arg.endsWith("/dev/start.ts"))) continue;
      if (readlinkSync(`/proc/${pid}/cwd`) === projectDir.replace(/\/$/, "")) pids.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids.length > 0 ? Math.min(...pids) : undefined;
}

function processName(pid: number): string {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    // wrangler dev runs two workerd: the user Worker and the proxy in front of it (its own Miniflare).
    const hint = args.find((a) => /wrangler-dist\/cli\.js|dev\/start\.ts|esbuild/.test(a));
    return hint ? `${comm} (${hint.split("/").slice(-2).join("/")})` : comm;
  } catch {
    return "?";
  }
}

/** Samples every process under `root` each second until `stop()`; reports each one's open-file peak. */
export function watchProcesses(root: number | undefined): { stop(): ProcessPeak[] } {
  const peaks = new Map<number, ProcessPeak>();
  const tick = () => {
    if (root === undefined) return;
    for (const pid of descendants(root)) {
      const s = sample(pid);
      if (!s) continue;
      const peak = peaks.get(pid);
      if (!peak) {
        peaks.set(pid, { pid, name: processName(pid), fdsBefore: s.fds, fdsPeak: s.fds, fdsAfter: s.fds, rssMbAfter: s.rssKb / 1024 });
      } else {
        peak.fdsPeak = Math.max(peak.fdsPeak, s.fds);
        peak.fdsAfter = s.fds;
        peak.rssMbAfter = s.rssKb / 1024;
      }
    }
  };
  tick();
  const timer = setInterval(tick, 1_000);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return [...peaks.values()].filter((p) => p.fdsPeak >= 20).sort((a, b) => b.fdsPeak - a.fdsPeak);
    },
  };
}

const ERROR_LINE = /"level":"(error|warn)"|✘|\[ERROR\]|\berror\b|EMFILE|too many open files|connection lost|-> [45]\d\d /i;
const REQUEST_LINE = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ (\d{3})\b/;

/** Remembers the log's size now; `read()` summarises what was appended since. */
export function tailLog(path: string): { read(): LogSummary | undefined } {
  const from = existsSync(path) ? statSync(path).size : undefined;
  return {
    read() {
      if (from === undefined || !existsSync(path)) return undefined;
      const text = readFileSync(path).subarray(from).toString("utf8");
      const lines = text.split("\n").filter(Boolean);
      const statuses: Record<string, number> = {};
      const errors = new Map<string, number>();
      for (const line of lines) {
        const request = REQUEST_LINE.exec(line);
        if (request && Number(request[2]) >= 400) statuses[request[2]!] = (statuses[request[2]!] ?? 0) + 1;
        if (!ERROR_LINE.test(line)) continue;
        const key = line
          .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, "<id>")
          .replace(/\d+/g, "N")
          .slice(0, 160);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      const ranked = [...errors].sort((a, b) => b[1] - a[1]).map(([line, count]) => ({ line, count }));
      return { lines: lines.length, statuses, errors: ranked };
    },
  };
}
