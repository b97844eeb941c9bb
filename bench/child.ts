// Runs a bench helper (the stack, the room, the relay) as a child Node process with tsx, waits for its
// one-line JSON `{ready}` (or `{failed}`), and stops it by its own PID only; `stopOnExit` is the child side.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const PROJECT_DIR = fileURLToPath(new URL("..", import.meta.url));
const STOP_GRACE_MS = 15_000;

export interface Child<T> {
  pid: number;
  ready: T;
  /** SIGTERM, then SIGKILL to this PID after a grace period; resolves when it has exited. */
  stop(): Promise<void>;
}

export async function startChild<T>(
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
  onLine: (line: string) => void = () => {},
): Promise<Child<T>> {
  // `node --import tsx` (not the tsx CLI) so the PID we get is the process doing the work.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const pid = child.pid ?? 0;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  createInterface({ input: child.stderr! }).on("line", onLine);
  const lines = createInterface({ input: child.stdout! });
  const stop = async () => {
    if (exited || pid <= 0) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => !exited && child.kill("SIGKILL"), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  };
  try {
    const ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} was not ready within ${timeoutMs / 1000} s`)), timeoutMs);
      void exit.then(() => reject(new Error(`${script} exited before it was ready`)));
      lines.on("line", (line) => {
        let parsed: { ready?: T; failed?: string };
        try {
          parsed = JSON.parse(line) as typeof parsed;
        } catch {
          return onLine(line);
        }
        clearTimeout(timer);
        if (parsed.ready) resolve(parsed.ready);
        else reject(new Error(`${script} failed: ${parsed.failed ?? line}`));
      });
    });
    return { pid, ready, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * In a child: runs `stop` then exits on SIGINT/SIGTERM or when the parent's pipe closes. Call the
 * returned function again after starting Miniflare: its exit hook exits at once on a signal, which
 * would orphan what `stop` cleans up (MariaDB, Redis, storage folders).
 */
export function stopOnExit(stop: () => Promise<void>): () => void {
  const onSignal = () => void stop().then(() => process.exit(0));
  const handleSignals = () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.removeAllListeners(signal);
      process.on(signal, onSignal);
    }
  };
  handleSignals();
  process.stdin.on("end", onSignal);
  process.stdin.resume();
  return handleSignals;
}
