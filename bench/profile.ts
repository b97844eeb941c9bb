// A CPU profile of the Worker's isolate (the Worker and all its Durable Objects) through
// workerd's inspector (Chrome DevTools Protocol) while a phase runs. Saves the .cpuprofile
// (open it in Chrome DevTools) and returns the functions with the most self time.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

const SAMPLING_US = 200;

async function cdp(inspectorPort: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    title?: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => t.title?.includes("qchat")) ?? targets[0];
  if (!target) throw new Error("no inspector target");
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on("message", (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const n = ++id;
      waiting.set(n, (r) => resolve(r as T));
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return { call, close: () => ws.close() };
}

/** Self time by function, biggest first, as printable lines. */
export function topFunctions(profile: Profile, limit = 15): string[] {
  const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const file = url.split("/").pop() ?? "";
    const name = `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
    byName.set(name, (byName.get(name) ?? 0) + (n.hitCount ?? 0));
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

export async function withProfile<T>(inspectorPort: number, run: () => Promise<T>): Promise<{ result: T; top: string[]; file: string }> {
  const session = await cdp(inspectorPort);
  await session.call("Profiler.enable");
  await session.call("Profiler.setSamplingInterval", { interval: SAMPLING_US });
  await session.call("Profiler.start");
  const result = await run();
  const { profile } = await session.call<{ profile: Profile }>("Profiler.stop");
  session.close();
  const dir = fileURLToPath(new URL("../.tmp", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { result, top: [...topFunctions(profile), `(saved to ${file})`], file };
}
