// Starts the real backing servers (MariaDB, redis-server) from Debian packages, on loopback,
// with data in a project-local folder. Used by `npm start` and by the test global setup.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import { join, resolve } from "node:path";

export interface ServiceHandle {
  name: string;
  port: number;
  pid: number;
  /** Stops the process this handle started (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

export interface SystemPackage {
  path: string;
  pkg: string;
}

const SERVER_PACKAGES: SystemPackage[] = [
  { path: "/usr/sbin/mariadbd", pkg: "mariadb-server" },
  { path: "/usr/bin/redis-server", pkg: "redis-server" },
];

/** Installs the Debian packages (default: MariaDB and Redis) when missing and we are root; otherwise explains what to run. */
export function ensureSystemPackages(log: (line: string) => void = console.log, packages = SERVER_PACKAGES): void {
  const missing = packages.filter((p) => !existsSync(p.path)).map((p) => p.pkg);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing system packages: ${missing.join(", ")}. Run as root:\n  ${command}`);
  }
  log(`installing ${missing.join(", ")} (apt-get, about a minute)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", ...missing],
  ]) {
    const run = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (run.status !== 0) throw new Error(`apt-get ${args[0]} failed; run it by hand:\n  ${command}`);
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function track(name: string, port: number, child: ChildProcess): ServiceHandle {
  let exited = false;
  child.once("exit", () => (exited = true));
  return {
    name,
    port,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => (clearTimeout(kill), resolve()));
        child.kill("SIGTERM");
      }),
  };
}

function launch(name: string, command: string, args: string[], logFile: string): ChildProcess {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean).slice(-20));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", (code, signal) => {
    if (code && code !== 0)
      console.error(`${name} exited with ${code ?? signal}; last output (${logFile}):\n${lines.slice(-20).join("\n")}`);
  });
  return child;
}

/** Starts MariaDB with utf8mb4 defaults; initialises the data dir on first use. */
export async function startMariaDb(opts: { dataDir: string; port: number }): Promise<ServiceHandle> {
  const dataDir = resolve(opts.dataDir, "mariadb");
  if (!existsSync(join(dataDir, "mysql"))) {
    mkdirSync(dataDir, { recursive: true });
    const init = spawnSync(
      "mariadb-install-db",
      ["--no-defaults", `--datadir=${dataDir}`, "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"],
      { encoding: "utf8" },
    );
    if (init.status !== 0) throw new Error(`mariadb-install-db failed:\n${init.stderr}`);
  }
  const child = launch(
    "mariadb",
    "mariadbd",
    [
      "--no-defaults",
      `--datadir=${dataDir}`,
      `--socket=${join(dataDir, "mysqld.sock")}`,
      `--pid-file=${join(dataDir, "mysqld.pid")}`,
      `--port=${opts.port}`,
      "--bind-address=127.0.0.1",
      "--user=root",
      "--skip-log-bin",
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
      "--max-connections=500",
    ],
    join(dataDir, "error.log"),
  );
  await waitForPort(opts.port);
  return track("mariadb", opts.port, child);
}

/**
 * Starts redis-server. With a dataDir it keeps an append-only file there, so a second
 * `npm start` keeps sessions and cooldowns; without one (tests) it is memory-only.
 */
export async function startRedis(opts: { port: number; dataDir?: string }): Promise<ServiceHandle> {
  const persistence = opts.dataDir
    ? (mkdirSync(join(opts.dataDir, "redis"), { recursive: true }),
      ["--dir", join(opts.dataDir, "redis"), "--save", "", "--appendonly", "yes"])
    : ["--save", "", "--appendonly", "no"];
  const child = launch("redis", "redis-server", ["--port", String(opts.port), "--bind", "127.0.0.1", ...persistence], "stderr");
  await waitForPort(opts.port);
  return track("redis", opts.port, child);
}

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
