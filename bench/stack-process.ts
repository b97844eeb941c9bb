// The system under test, in its own process so the load generator never shares an event loop
// with it: the local cloud (MariaDB, Redis, emulators) on free ports with a fresh data dir, and
// the Worker in workerd through Miniflare's API, bundled by `wrangler deploy --dry-run`.
// Miniflare rather than `wrangler dev`: wrangler dev puts a proxy process in front of the Worker
// that runs out of file descriptors at ~3,000 sockets (docs/performance.md); here clients reach
// the Worker's own workerd socket. Prints one JSON line ({ready}) when up; stops on SIGTERM,
// SIGINT or when stdin closes (the bench died), removing everything it created.
import { spawnSync } from "node:child_process";
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { startLocalCloud, type LocalCloud } from "../dev/local-cloud";
import { freePort } from "../dev/services";
import { stopOnExit } from "./child";
import { buildWeb, WEB_DIST } from "../web/build";

const PROJECT_DIR = fileURLToPath(new URL("..", import.meta.url));

export interface StackInfo {
  api: string;
  mailbox: string;
  /** The emulators' MySQL statement and Redis command counters (GET, monotonic). */
  counters: string;
  upstash: { url: string; token: string };
  mysql: { host: string; port: number; user: string; password: string; database: string };
  /** The Worker's variables (TOKEN_SECRET included: the bench signs tokens for seeded users). */
  vars: Record<string, string>;
  /** The process holding Miniflare and the emulators, and the MariaDB/Redis servers. */
  pids: { stack: number; mariadb: number; redis: number };
  inspectorPort?: number;
  dataDir: string;
  timings: Record<string, number>;
}

/** Bundles exactly what `wrangler deploy` would upload. */
function bundle(outDir: string, dataDir: string): string {
  const run = spawnSync(
    join(PROJECT_DIR, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", outDir, "--config", join(PROJECT_DIR, "wrangler.toml")],
    {
      cwd: PROJECT_DIR,
      encoding: "utf8",
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_HIDE_BANNER: "true",
        XDG_CONFIG_HOME: join(dataDir, "wrangler-config"),
        TMPDIR: join(dataDir, "tmp"),
        FORCE_COLOR: "0",
      },
    },
  );
  if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stdout}\n${run.stderr}`);
  return join(outDir, "index.js");
}

async function main(): Promise<void> {
  const varsOverride = JSON.parse(process.env.BENCH_WORKER_VARS ?? "{}") as Record<string, string>;
  const inspect = process.env.BENCH_INSPECT === "1";
  mkdirSync(join(PROJECT_DIR, ".tmp"), { recursive: true });
  const dataDir = mkdtempSync(join(PROJECT_DIR, ".tmp", "bench-"));
  for (const dir of ["wrangler-config", "tmp", "do"]) mkdirSync(join(dataDir, dir), { recursive: true });
  const doDir = process.env.BENCH_DO_TMPFS === "1" ? mkdtempSync("/dev/shm/qchat-bench-do-") : join(dataDir, "do");
  const timings: Record<string, number> = {};
  let cloud: LocalCloud | undefined;
  let mf: Miniflare | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await mf?.dispose().catch(() => {});
      await cloud?.stop();
      // The worker's log outlives the data: a failed run can be read afterwards without --keep.
      if (existsSync(join(dataDir, "worker.log")))
        copyFileSync(join(dataDir, "worker.log"), join(PROJECT_DIR, ".tmp", "bench-last-worker.log"));
      if (process.env.BENCH_KEEP !== "1") rmSync(dataDir, { recursive: true, force: true });
      if (doDir.startsWith("/dev/shm/")) rmSync(doDir, { recursive: true, force: true });
    })());
  const handleSignals = stopOnExit(stop);

  try {
    let t0 = performance.now();
    const ports = { mysql: await freePort(), redis: await freePort(), emulators: await freePort() };
    cloud = await startLocalCloud({ dataDir, ports, database: "qchat_bench", persistRedis: false, log: () => {} });
    timings.cloudMs = Math.round(performance.now() - t0);

    t0 = performance.now();
    // wrangler refuses a config whose [assets] directory is missing (a fresh clone before any build).
    if (!existsSync(WEB_DIST)) await buildWeb();
    const script = bundle(join(dataDir, "dist"), dataDir);
    timings.bundleMs = Math.round(performance.now() - t0);

    t0 = performance.now();
    const { workerOptions } = unstable_getMiniflareWorkerOptions(join(PROJECT_DIR, "wrangler.toml"));
    const vars = { ...cloud.workerVars, ...varsOverride };
    const port = await freePort();
    const inspectorPort = inspect ? await freePort() : undefined;
    const workerLog = createWriteStream(join(dataDir, "worker.log"));
    mf = new Miniflare({
      host: "127.0.0.1",
      port,
      inspectorPort,
      durableObjectsPersist: doDir,
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => (stdout.pipe(workerLog), stderr.pipe(workerLog)),
      workers: [
        {
          ...workerOptions,
          name: "qchat",
          // The API only: the web page's static assets are not part of the benchmark.
          assets: undefined,
          // Listed explicitly: Miniflare would otherwise chase the bundle's optional dynamic imports
          // (resend's `@react-email/render`), which wrangler leaves external and never runs.
          modules: [{ type: "ESModule", path: script }],
          bindings: { ...(workerOptions.bindings as Record<string, string>), ...vars },
        },
      ],
    });
    const url = await mf.ready;
    handleSignals();
    timings.workerMs = Math.round(performance.now() - t0);

    const [mariadb, redis] = ["mariadb", "redis"].map((name) => cloud!.services.find((s) => s.name === name)!.pid);
    const info: StackInfo = {
      api: url.origin,
      mailbox: cloud.urls.mailbox,
      counters: cloud.urls.counters,
      upstash: { url: cloud.urls.upstash, token: vars.UPSTASH_REDIS_REST_TOKEN! },
      mysql: { host: "127.0.0.1", port: ports.mysql, user: "root", password: "", database: "qchat_bench" },
      vars,
      pids: { stack: process.pid, mariadb: mariadb!, redis: redis! },
      inspectorPort,
      dataDir,
      timings,
    };
    process.stdout.write(`${JSON.stringify({ ready: info })}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ failed: err instanceof Error ? err.message : String(err) })}\n`);
    await stop();
    process.exit(1);
  }
}

void main();
