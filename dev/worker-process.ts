// Runs `wrangler dev` for the project's Worker as a child process, offline and with every
// setting passed explicitly (in a mode-0600 file, never on the command line), and prefixes its
// output with [worker]. Used by dev/start.ts and the browser story.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";

export interface WorkerOptions {
  projectDir: string;
  /** wrangler's config home, temp files and local Durable Object state go here. */
  dataDir: string;
  port: number;
  inspectorPort: number;
  vars: Record<string, string>;
  log: (line: string) => void;
}

export interface WorkerProcess {
  pid: number;
  /** Settles when wrangler exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGINT (wrangler's own clean shutdown), then SIGKILL to its whole process group after 5 s. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5_000;

export function startWorker(opts: WorkerOptions): WorkerProcess {
  const configHome = join(opts.dataDir, "wrangler-config");
  const tmp = join(opts.dataDir, "tmp");
  for (const dir of [configHome, tmp]) mkdirSync(dir, { recursive: true });
  const varsFile = writeVarsFile(join(opts.dataDir, "dev.vars"), opts.vars);
  const args = [
    "dev",
    "--config",
    join(opts.projectDir, "wrangler.toml"),
    "--ip",
    "127.0.0.1",
    "--port",
    String(opts.port),
    "--inspector-port",
    String(opts.inspectorPort),
    "--persist-to",
    join(opts.dataDir, "wrangler-state"),
    "--show-interactive-dev-session=false",
    // Every setting through a file only this user can read, never `--var`: a command line is
    // visible to every user in `ps`. With `--env-file` (wrangler 4.86) wrangler skips a
    // developer's own .dev.vars, and the file's values override [vars].
    "--env-file",
    varsFile,
  ];
  const child = spawn(join(opts.projectDir, "node_modules/.bin/wrangler"), args, {
    cwd: opts.projectDir,
    env: {
      ...process.env,
      CLOUDFLARE_CF_FETCH_ENABLED: "false", // else it fetches the `cf` object and logs ENOTFOUND
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_HIDE_BANNER: "true", // also skips the update check
      XDG_CONFIG_HOME: configHome,
      TMPDIR: tmp,
      // wrangler writes to our pipe, not the terminal: keep colours only when we have a terminal.
      FORCE_COLOR: process.stdout.isTTY ? "1" : "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group: a terminal Ctrl-C reaches only dev/start.ts, which stops the worker
    // first, and the SIGKILL fallback can take wrangler's node and workerd children with it.
    detached: true,
  });
  // wrangler colours esbuild's build errors even into a pipe; plain text for logs and CI.
  const clean = process.stdout.isTTY ? (line: string) => line : stripVTControlCharacters;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => opts.log(`[worker] ${clean(line)}`));
  }

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    // A failed spawn (e.g. wrangler not installed) emits only "error", never "exit".
    child.once("error", (error) => {
      opts.log(`[worker] could not run wrangler: ${error.message}`);
      resolve({ code: null, signal: null });
    });
  });
  let running = true;
  void exited.then(() => (running = false));
  // Never 0 or negative: process.kill(-pid) must only ever address wrangler's own group.
  const pid = child.pid ?? 0;

  return {
    pid,
    exited,
    async stop() {
      if (pid <= 0) return;
      if (running) {
        child.kill("SIGINT");
        const timer = setTimeout(() => {
          opts.log(`wrangler did not stop within ${STOP_GRACE_MS / 1000} s; killing its process group ${pid}`);
          killGroup(pid);
        }, STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      // Also after an unexpected exit: a killed launcher leaves wrangler's node and workerd behind.
      await killLeftovers(pid, opts.log);
      rmSync(varsFile, { force: true });
    },
  };
}

/**
 * Writes `vars` as a dotenv file with mode 0600, created afresh (so an older file's looser mode
 * never carries over). Values are single-quoted, which dotenv takes literally; wrangler then
 * runs dotenv-expand, so a `$` would be expanded: values with `$`, `'` or a newline are refused.
 */
function writeVarsFile(path: string, vars: Record<string, string>): string {
  const lines = Object.entries(vars).map(([key, value]) => {
    if (!/^[A-Z][A-Z0-9_]*$/.test(key) || /['$\r\n]/.test(value)) throw new Error(`worker variable ${key} cannot go into a dotenv file`);
    return `${key}='${value}'`;
  });
  rmSync(path, { force: true });
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600, flag: "wx" });
  return path;
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // The group is already gone.
  }
}

/** Whether any process (zombies included) is left in process group `pgid`. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/**
 * wrangler's launcher can exit while workerd is still shutting down. Give the group a moment,
 * then SIGKILL whatever is left so no workerd outlives `npm start`.
 */
async function killLeftovers(pgid: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!groupAlive(pgid)) return;
  log(`wrangler left processes in group ${pgid}; killing them`);
  killGroup(pgid);
}

/** Resolves once `url` gives any HTTP answer; rejects on timeout or if `abort` settles first. */
export async function waitForHttp(url: string, timeoutMs: number, abort: Promise<unknown>): Promise<void> {
  let aborted = false;
  void abort.then(() => (aborted = true));
  const deadline = Date.now() + timeoutMs;
  while (!aborted && Date.now() < deadline) {
    try {
      // The first request waits for workerd to load the worker; give it time before retrying.
      await fetch(url, { signal: AbortSignal.timeout(15_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(aborted ? "wrangler exited before the worker answered" : `${url} did not answer within ${timeoutMs / 1000} s`);
}
