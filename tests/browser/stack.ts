// The whole local stack for browser tests, on free ports: the page built into web/dist/, the
// local cloud (fresh data dir under .tmp/, memory-only Redis) and `wrangler dev` serving the
// Worker and the page. `stop()` undoes everything, also after a failed start.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalCloud, type LocalCloud } from "../../dev/local-cloud";
import { freePort } from "../../dev/services";
import { startWorker, waitForHttp, type WorkerProcess } from "../../dev/worker-process";
import { buildWeb } from "../../web/build";

const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));
const WORKER_READY_TIMEOUT_MS = 60_000;

export interface Stack {
  /** The Worker: API and page, e.g. http://127.0.0.1:PORT. */
  baseUrl: string;
  /** The local mailbox page, e.g. http://127.0.0.1:PORT/mailbox. */
  mailboxUrl: string;
  timings: Record<string, number>;
  /** Stops `wrangler dev` (every socket drops) and starts it again on the same port and state. */
  restartWorker(during?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Settings for the Worker on top of the local cloud's (e.g. a short code cooldown). */
  vars?: Record<string, string>;
  log: (line: string) => void;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  mkdirSync(join(PROJECT_DIR, ".tmp"), { recursive: true });
  const dataDir = mkdtempSync(join(PROJECT_DIR, ".tmp", "browser-"));
  let cloud: LocalCloud | undefined;
  let worker: WorkerProcess | undefined;
  const stop = async () => {
    await worker?.stop().catch((err: unknown) => opts.log(`could not stop wrangler: ${String(err)}`));
    await cloud?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await timed("build", () => buildWeb());
    cloud = await timed("cloud", async () =>
      startLocalCloud({
        dataDir,
        ports: { mysql: await freePort(), redis: await freePort(), emulators: await freePort() },
        database: "qchat_browser",
        persistRedis: false,
        log: () => {},
      }),
    );
    const settings = {
      projectDir: PROJECT_DIR,
      dataDir,
      port: await freePort(),
      inspectorPort: await freePort(),
      vars: { ...cloud.workerVars, ...opts.vars },
      // wrangler's request log is noise here; its errors are worth seeing.
      log: (line: string) => void (/error|✘/i.test(line) && opts.log(line)),
    };
    const baseUrl = `http://127.0.0.1:${settings.port}`;
    const launch = async () => {
      const started = (worker = startWorker(settings));
      await waitForHttp(`${baseUrl}/v1/status`, WORKER_READY_TIMEOUT_MS, started.exited);
    };
    await timed("worker", launch);
    const restartWorker = async (during?: () => Promise<void>) => {
      await worker?.stop();
      worker = undefined;
      await during?.();
      await launch(); // same --persist-to folder: Durable Objects keep their storage
    };
    return { baseUrl, mailboxUrl: cloud.urls.mailbox, timings, restartWorker, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The newest 6-digit code mailed to `email` after `since` (ms), polled for up to 10 s. */
export async function readCode(mailboxUrl: string, email: string, since = 0): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${mailboxUrl}/api/messages?to=${encodeURIComponent(email)}`);
    const messages = (await res.json()) as Array<{ text?: string; created_at: string }>;
    const fresh = messages.find((m) => Date.parse(m.created_at) >= since);
    const code = fresh?.text?.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code mailed to ${email} within 10 s`);
}
