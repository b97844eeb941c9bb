// `npm start`: all of QChat on this machine (MariaDB, Redis, the API emulators and `wrangler dev`)
// with data kept in .data/ between runs. Ctrl-C stops the worker first, then the cloud under it.
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalCloud, type LocalCloud } from "./local-cloud";
import { startWorker, waitForHttp } from "./worker-process";
import { buildWeb } from "../web/build";

const PROJECT_DIR = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = join(PROJECT_DIR, ".data");
/** The first run bundles the worker and starts workerd; generous for slow CI machines. */
const WORKER_READY_TIMEOUT_MS = 60_000;

const PORT_SETTINGS = {
  worker: ["QCHAT_PORT", 8787],
  emulators: ["QCHAT_EMULATOR_PORT", 8788],
  mysql: ["QCHAT_MYSQL_PORT", 3307],
  redis: ["QCHAT_REDIS_PORT", 6380],
  inspector: ["QCHAT_INSPECTOR_PORT", 9229],
} as const;
type Ports = Record<keyof typeof PORT_SETTINGS, number>;

/** Everything npm start prints also goes here, fresh each start: `npm run load` reads the errors a load caused. */
const LOG_FILE = join(DATA_DIR, "npm-start.log");
mkdirSync(DATA_DIR, { recursive: true });
const logFile = createWriteStream(LOG_FILE, { flags: "w" });
const log = (line: string): void => {
  console.log(line);
  logFile.write(`${line}\n`);
};
const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Resolves if nothing listens on 127.0.0.1:port; else says which env var moves us elsewhere. */
function assertFree(port: number, envName: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () =>
      reject(new Error(`port ${port} on 127.0.0.1 is in use: stop what listens there or set ${envName} to a free port`)),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** Reads each port from its env var, and refuses ports that are invalid, shared or taken. */
async function readPorts(): Promise<Ports> {
  const ports = {} as Ports;
  const seen = new Map<number, string>();
  for (const [key, [envName, fallback]] of Object.entries(PORT_SETTINGS)) {
    const raw = process.env[envName];
    const port = raw ? Number(raw) : fallback;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${envName}=${raw} is not a port number`);
    const other = seen.get(port);
    if (other) throw new Error(`${envName} and ${other} are both ${port}; give them different ports`);
    seen.set(port, envName);
    ports[key as keyof Ports] = port;
  }
  for (const [port, envName] of seen) await assertFree(port, envName);
  return ports;
}

/**
 * In development every caller counts as 127.0.0.1 (workers/security/client-ip.ts), so a per-IP
 * limit is the whole machine's: production's 300 socket upgrades a minute would refuse a local
 * load of 1,000 users, or their reconnect after a restart. npm start raises only that limit and
 * says so; RATE_LIMITS in the environment replaces it (`RATE_LIMITS= npm start`: production's).
 */
const LOOPBACK_SOCKETS_PER_MINUTE = 100_000;

function localRateLimits(): string {
  const fromEnv = process.env.RATE_LIMITS;
  if (fromEnv !== undefined) {
    if (fromEnv !== "") JSON.parse(fromEnv); // a typo fails here, not on the first request
    log(`rate limits: ${fromEnv === "" ? "production's" : fromEnv} (RATE_LIMITS from the environment)`);
    return fromEnv;
  }
  log(
    `rate limits: production's, except socket upgrades per IP raised to ${LOOPBACK_SOCKETS_PER_MINUTE}/min (every local client is 127.0.0.1; RATE_LIMITS= npm start keeps production's)`,
  );
  return JSON.stringify({ socketsPerIp: { requests: LOOPBACK_SOCKETS_PER_MINUTE, window: "1 m" } });
}

function printReady(ports: Ports, cloud: LocalCloud, startedAt: number): void {
  const rows: Array<[string, string]> = [
    [
      "Web page",
      ports.emulators === ports.worker + 1
        ? `http://127.0.0.1:${ports.worker}/   (open it in two windows to chat)`
        : `http://127.0.0.1:${ports.worker}/?mailbox=${encodeURIComponent(cloud.urls.mailbox)}`,
    ],
    ["API", `http://127.0.0.1:${ports.worker}/v1`],
    ["API docs", `http://127.0.0.1:${ports.worker}/docs   (every route and frame; try them signed in)`],
    ["WebSocket", `ws://127.0.0.1:${ports.worker}/v1/ws`],
    ["Mailbox", `${cloud.urls.mailbox}   (verification emails land here)`],
    ["PlanetScale", `${cloud.urls.planetscale}   (DATABASE_URL)`],
    ["Upstash", cloud.urls.upstash],
    ["Resend", cloud.urls.resend],
    ["MySQL", `127.0.0.1:${ports.mysql}   user root, no password, database qchat`],
    ["Redis", `127.0.0.1:${ports.redis}`],
    ["Inspector", `127.0.0.1:${ports.inspector}   (chrome://inspect)`],
    ["Data", `${DATA_DIR}   (delete it to start from scratch)`],
    ["Log", `${LOG_FILE}   (this output, for \`npm run load\`)`],
  ];
  const rule = "-".repeat(72);
  log(`${rule}\nQChat is running (ready in ${seconds(startedAt)})`);
  for (const [name, value] of rows) log(`  ${name.padEnd(12)} ${value}`);
  log(`Ctrl-C to stop\n${rule}`);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  // Stop functions, run last-started-first. A signal during the cloud step waits for it to end,
  // because only then do we hold the handles to stop what it started.
  const stoppers: Array<() => Promise<void>> = [];
  let starting = true;
  let stopRequested = false;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return void log("still stopping...");
    stopping = true;
    log("stopping...");
    for (const stop of stoppers.reverse()) await stop();
    log("stopped");
    process.exit(code);
  };
  const onSignal = (): void => {
    stopRequested = true;
    if (starting) log("stopping once the current step has finished...");
    else void shutdown(0);
  };
  // SIGHUP: the terminal was closed. Plain `npm start` never forwards a signal sent to npm's
  // own PID (its `sh -c` swallows it); a terminal Ctrl-C reaches this process directly.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);

  const ports = await readPorts();
  const web = await buildWeb(); // wrangler serves web/dist/ ([assets])
  log(`web page built in ${web.ms.toFixed(0)} ms`);
  log(`starting QChat; data in ${DATA_DIR}`);
  const cloud = await startLocalCloud({
    dataDir: DATA_DIR,
    ports: { mysql: ports.mysql, redis: ports.redis, emulators: ports.emulators },
    database: "qchat",
    persistRedis: true,
    log,
  });
  stoppers.push(cloud.stop);
  starting = false;
  if (stopRequested) return shutdown(0);

  const workerStartedAt = performance.now();
  const worker = startWorker({
    projectDir: PROJECT_DIR,
    dataDir: DATA_DIR,
    port: ports.worker,
    inspectorPort: ports.inspector,
    vars: { ...cloud.workerVars, RATE_LIMITS: localRateLimits() },
    log,
  });
  stoppers.push(worker.stop);
  void worker.exited.then(({ code, signal }) => {
    if (stopping) return;
    log(`wrangler exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  try {
    await waitForHttp(`http://127.0.0.1:${ports.worker}/v1/status`, WORKER_READY_TIMEOUT_MS, worker.exited);
  } catch (error) {
    if (stopping) return;
    log(`worker did not start: ${error instanceof Error ? error.message : String(error)}`);
    return shutdown(1);
  }
  log(`worker ready on http://127.0.0.1:${ports.worker} (${seconds(workerStartedAt)})`);
  printReady(ports, cloud, startedAt);
}

main().catch((error: unknown) => {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
