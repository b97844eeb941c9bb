// CPU and memory of processes, read from /proc (Linux): RSS, peak RSS, open descriptors, and
// CPU time, so a phase can report how many cores each process used while it ran.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

export interface ProcSample {
  pid: number;
  cpuSeconds: number;
  rssKb: number;
  peakRssKb: number;
  fds: number;
  at: number;
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at field 3.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** Every process below `root` (children, grandchildren...) whose command name starts with `name`. */
export function descendants(root: number, name?: string): number[] {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    if (!fields) continue;
    parent.set(pid, Number(fields[1]));
    try {
      comm.set(pid, readFileSync(`/proc/${pid}/comm`, "utf8").trim());
    } catch {
      // Gone meanwhile.
    }
  }
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parent) if (below.has(ppid) && !below.has(pid)) (below.add(pid), (grew = true));
  }
  below.delete(root);
  return [...below].filter((pid) => name === undefined || (comm.get(pid) ?? "").startsWith(name));
}

export function sample(pid: number): ProcSample | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // utime and stime are fields 14 and 15 of /proc/PID/stat (index 11 and 12 here).
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  let status = "";
  let fds = 0;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
  return { pid, cpuSeconds, rssKb: kb("VmRSS"), peakRssKb: kb("VmHWM"), fds, at: performance.now() };
}

export interface ProcUsage {
  cores: number;
  rssMb: number;
  peakRssMb: number;
  fds: number;
}

/** Cores used between two samples of the same process, and memory at the end. */
export function usage(before: ProcSample | undefined, after: ProcSample | undefined): ProcUsage | undefined {
  if (!before || !after) return undefined;
  const seconds = (after.at - before.at) / 1000;
  return {
    cores: seconds > 0 ? (after.cpuSeconds - before.cpuSeconds) / seconds : 0,
    rssMb: after.rssKb / 1024,
    peakRssMb: after.peakRssKb / 1024,
    fds: after.fds,
  };
}

/** Samples a named set of processes at the start of a phase; `end()` gives each one's usage. */
export function watch(pids: Record<string, number | undefined>): { end(): Record<string, ProcUsage> } {
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? sample(pid) : undefined]));
  return {
    end() {
      const out: Record<string, ProcUsage> = {};
      for (const [name, pid] of Object.entries(pids)) {
        const u = pid ? usage(start[name], sample(pid)) : undefined;
        if (u) out[name] = u;
      }
      return out;
    },
  };
}

/** The 1-minute load average: other work on the machine skews every number. */
export function loadAverage(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
}
