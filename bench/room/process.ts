// The room baseline (bench/room/worker.ts) in its own Miniflare instance and its own process, so
// it runs on the same Miniflare/workerd version as QChat (bench/stack-process.ts) without sharing
// its workerd. Its config lives here in code, not in a wrangler.toml, so nothing can deploy it:
// QChat's compatibility date and flags, one SQLite-backed Durable Object class, storage on disk
// under .tmp/ (or in /dev/shm with BENCH_DO_TMPFS=1), like QChat's. Prints {"ready":{"url"}} once
// listening; stops on SIGTERM, SIGINT or when stdin closes, removing its storage.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { freePort } from "../../dev/services";
import { stopOnExit } from "../child";

const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** QChat's runtime settings, read from its wrangler.toml so both run the same workerd semantics. */
function qchatCompatibility(): { compatibilityDate: string; compatibilityFlags: string[] } {
  const toml = readFileSync(join(PROJECT_DIR, "wrangler.toml"), "utf8");
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  if (!date) throw new Error("wrangler.toml has no compatibility_date");
  return { compatibilityDate: date, compatibilityFlags: [...(flags ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
}

async function bundleWorker(): Promise<string> {
  const out = await build({
    entryPoints: [join(PROJECT_DIR, "bench/room/worker.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

async function main(): Promise<void> {
  mkdirSync(join(PROJECT_DIR, ".tmp"), { recursive: true });
  const doDir =
    process.env.BENCH_DO_TMPFS === "1" ? mkdtempSync("/dev/shm/qchat-bench-room-") : mkdtempSync(join(PROJECT_DIR, ".tmp", "bench-room-"));
  let mf: Miniflare | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await mf?.dispose().catch(() => {});
      rmSync(doDir, { recursive: true, force: true });
    })());
  const handleSignals = stopOnExit(stop);

  try {
    mf = new Miniflare({
      host: "127.0.0.1",
      port: await freePort(),
      durableObjectsPersist: doDir,
      workers: [
        {
          name: "room",
          modules: true,
          script: await bundleWorker(),
          ...qchatCompatibility(),
          durableObjects: { ROOM: { className: "Room", useSQLite: true } },
        },
      ],
    });
    const url = await mf.ready;
    handleSignals();
    process.stdout.write(`${JSON.stringify({ ready: { url: url.origin.replace(/^http/, "ws") } })}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ failed: err instanceof Error ? err.message : String(err) })}\n`);
    await stop();
    process.exit(1);
  }
}

void main();
