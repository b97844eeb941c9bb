// The machine a result came from: numbers are only comparable with this next to them.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { loadAverage } from "./proc-stats";

export interface Machine {
  nproc: number;
  memTotalGiB: number;
  cpuModel: string;
  node: string;
  workerd: string;
  miniflare: string;
  /** 1-minute load average when the run started: above ~0.5 means something else was busy. */
  loadAverageStart: number;
}

const packageVersion = (name: string) => {
  try {
    const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
};

export function describeMachine(): Machine {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const memKb = Number(readFileSync("/proc/meminfo", "utf8").match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  return {
    nproc: availableParallelism(),
    memTotalGiB: Math.round((memKb / 1024 / 1024) * 10) / 10,
    cpuModel: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? "unknown",
    node: process.version,
    workerd: packageVersion("workerd"),
    miniflare: packageVersion("miniflare"),
    loadAverageStart: loadAverage(),
  };
}
