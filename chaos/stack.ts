// The Worker under chaos: wrangler dev on a fixed port with persisted Durable Object storage,
// started, SIGKILLed (its workerd processes) and started again on the same storage.
import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../dev/services";
import { startWorker, waitForHttp } from "../dev/worker-process";

export interface Stack {
  api: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export async function startStack(dataDir: string, vars: Record<string, string>, port?: number): Promise<Stack> {
  const p = port ?? (await freePort());
  const worker = startWorker({
    projectDir: process.cwd(),
    dataDir,
    port: p,
    inspectorPort: await freePort(),
    vars,
    log: (line) => appendFileSync(join(dataDir, "worker.log"), `${line}\n`),
  });
  const api = `http://127.0.0.1:${p}`;
  await waitForHttp(`${api}/v1/status`, 60_000, worker.exited);
  return { api, port: p, pid: worker.pid, stop: () => worker.stop() };
}

/** SIGKILLs every workerd process below `rootPid`; returns their PIDs. */
export function killWorkerd(rootPid: number): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,comm="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? "" }));
  const below = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) if (below.has(r.ppid) && !below.has(r.pid)) (below.add(r.pid), (grew = true));
  }
  const victims = rows.filter((r) => below.has(r.pid) && r.comm.startsWith("workerd")).map((r) => r.pid);
  for (const pid of victims) process.kill(pid, "SIGKILL");
  return victims;
}
