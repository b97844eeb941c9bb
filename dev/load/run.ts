// `npm run load`: a user's load on a running `npm start`, on this machine. Seeds N users with
// sessions (straight into npm start's MariaDB and Redis, tokens signed with its TOKEN_SECRET, as
// a login leaves them: bench/seed.ts), opens one socket each at a bounded concurrency and waits
// for every hello; with --reconnect closes them all at once and reopens all of them at once, as a
// deploy does. Reports opened/refused, hello p50/p99, time to all connected, open files of the
// processes under npm start, and the errors its log gained (.data/npm-start.log).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { percentiles, type Percentiles } from "../../bench/report";
import { openSeeder, type SeededUser } from "../../bench/seed";
import { openUser, type Target, type Tracker, type UserSocket } from "../../bench/sockets";
import { backoffDelay } from "../../client/backoff";
import { LOCAL_CREDENTIALS } from "../emulators/index";
import { readFlags, type LoadFlags } from "./flags";
import { findNpmStart, tailLog, watchProcesses, type LogSummary, type ProcessPeak } from "./server-watch";

const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));
const STATUS_TIMEOUT_MS = 10_000;

interface PhaseResult {
  name: string;
  attempted: number;
  opened: number;
  /** Why the others got no hello: "HTTP 429", "close 1011", "no hello within 30 s"... */
  refused: Record<string, number>;
  /** With --retry-for: handshakes that failed and were tried again, by reason. */
  retried: Record<string, number>;
  helloMs: Percentiles;
  allConnectedMs: number;
  /** Still open after the hold; the rest were closed by the server, by close code. */
  openAfterHold: number;
  closedByServer: Record<string, number>;
  /** GET /v1/status right after the phase: "hung" if it took over 10 s. */
  statusMs: number | "hung";
}

const ignore: Tracker = { onAck() {}, onMessage() {}, onError() {} };

function classify(failure: string): string {
  const status = /Unexpected server response: (\d+)/.exec(failure);
  if (status) return `HTTP ${status[1]}`;
  const closed = /closed (\d+) before hello/.exec(failure);
  if (closed) return `close ${closed[1]} before hello`;
  if (/no hello .* within/.test(failure)) return "no hello within 30 s";
  const code = /\b(E[A-Z]{3,})\b|socket hang up/.exec(failure);
  return code ? code[0] : failure.slice(0, 80);
}

function tally(keys: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = (out[key] ?? 0) + 1;
  return out;
}

async function statusLatency(target: URL): Promise<number | "hung"> {
  const t0 = performance.now();
  try {
    await fetch(new URL("/v1/status", target), { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    return Math.round(performance.now() - t0);
  } catch {
    return "hung";
  }
}

/**
 * One socket per user, at most `concurrency` handshakes in flight. A failed handshake is tried
 * again after the SDK's full-jitter backoff while the phase is younger than `retryForMs`; the
 * hello latency is that of the attempt that succeeded.
 */
async function openWithRetry(
  target: Target,
  users: SeededUser[],
  concurrency: number,
  retryForMs: number,
  progress: (done: number) => void,
): Promise<{ sockets: UserSocket[]; latenciesMs: number[]; failures: string[]; retries: string[] }> {
  const started = performance.now();
  const sockets: UserSocket[] = [];
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  const retries: string[] = [];
  let next = 0;
  let done = 0;
  const openOne = async (user: SeededUser) => {
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      try {
        sockets.push(await openUser(target, user, () => ignore));
        return void latenciesMs.push(performance.now() - t0);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        const delay = backoffDelay(attempt);
        if (performance.now() + delay - started >= retryForMs) return void failures.push(reason);
        retries.push(reason);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };
  const worker = async () => {
    while (next < users.length) {
      await openOne(users[next++]!);
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  return { sockets, latenciesMs, failures, retries };
}

async function connectPhase(
  name: string,
  target: Target,
  flags: LoadFlags,
  users: SeededUser[],
  concurrency: number,
  log: (line: string) => void,
): Promise<{ result: PhaseResult; sockets: UserSocket[] }> {
  log(`${name}: ${users.length} sockets, ${concurrency} handshakes in flight...`);
  const t0 = performance.now();
  let lastReport = t0;
  const { sockets, latenciesMs, failures, retries } = await openWithRetry(target, users, concurrency, flags.retryFor * 1000, (done) => {
    if (performance.now() - lastReport < 5_000) return;
    lastReport = performance.now();
    log(`  ${done}/${users.length} settled after ${((lastReport - t0) / 1000).toFixed(0)} s`);
  });
  const allConnectedMs = Math.round(performance.now() - t0);
  if (flags.hold > 0) await new Promise((r) => setTimeout(r, flags.hold * 1000));
  const closed = sockets.filter((s) => !s.open);
  return {
    sockets,
    result: {
      name,
      attempted: users.length,
      opened: sockets.length,
      refused: tally(failures.map(classify)),
      retried: tally(retries.map(classify)),
      helloMs: percentiles(latenciesMs),
      allConnectedMs,
      openAfterHold: sockets.length - closed.length,
      closedByServer: tally(closed.map((s) => String(s.closedByServer ?? "by client"))),
      statusMs: await statusLatency(flags.target),
    },
  };
}

function printPhase(p: PhaseResult): void {
  const refused = Object.entries(p.refused).map(([why, n]) => `${n} ${why}`);
  const retried = Object.entries(p.retried).map(([why, n]) => `${n} ${why}`);
  const closed = Object.entries(p.closedByServer).map(([code, n]) => `${n} closed ${code}`);
  console.log(
    [
      `${p.name}: ${p.opened}/${p.attempted} opened in ${(p.allConnectedMs / 1000).toFixed(1)} s` +
        ` (${((p.opened / p.allConnectedMs) * 1000).toFixed(0)}/s); refused: ${refused.join(", ") || "none"}` +
        (retried.length ? `; retried: ${retried.join(", ")}` : ""),
      `  hello p50 ${p.helloMs.p50.toFixed(0)} ms, p99 ${p.helloMs.p99.toFixed(0)} ms, max ${p.helloMs.max.toFixed(0)} ms`,
      `  after the hold: ${p.openAfterHold} open${closed.length ? `, ${closed.join(", ")}` : ""}; GET /v1/status ${p.statusMs === "hung" ? "hung (> 10 s)" : `${p.statusMs} ms`}`,
    ].join("\n"),
  );
}

function printServer(processes: ProcessPeak[], log: LogSummary | undefined, logPath: string): void {
  console.log("open files under npm start (before / peak / after, RSS after):");
  for (const p of processes) {
    console.log(
      `  ${String(p.pid).padStart(7)} ${p.name.padEnd(34)} ${p.fdsBefore} / ${p.fdsPeak} / ${p.fdsAfter}, ${p.rssMbAfter.toFixed(0)} MB`,
    );
  }
  if (!log) return void console.log(`(no ${logPath}: start the stack with this project's \`npm start\` to see its errors here)`);
  const statuses = Object.entries(log.statuses).map(([s, n]) => `${n}x ${s}`);
  console.log(
    `npm start log: ${log.lines} new lines; HTTP >= 400: ${statuses.join(", ") || "none"}; error/warning lines: ${log.errors.length ? "" : "none"}`,
  );
  for (const { line, count } of log.errors.slice(0, 10)) console.log(`  ${String(count).padStart(6)}x ${line}`);
}

async function main(): Promise<void> {
  const flags = readFlags();
  const dataDir = resolve(PROJECT_DIR, flags.dataDir);
  const log = (line: string) => console.error(line);
  const npmStart = findNpmStart(PROJECT_DIR);
  const status = await statusLatency(flags.target);
  if (status === "hung") throw new Error(`${flags.target.origin} does not answer: is \`npm start\` running?`);

  const stack = {
    mysql: { host: "127.0.0.1", port: flags.mysqlPort, user: "root", password: "", database: flags.database },
    upstash: { url: `http://127.0.0.1:${flags.emulatorPort}/redis`, token: LOCAL_CREDENTIALS.upstashToken },
    vars: { TOKEN_SECRET: readFileSync(join(dataDir, "token-secret"), "utf8").trim() },
  };
  const runTag = `l${Date.now().toString(36).slice(-4)}`;
  const seeder = await openSeeder(stack, runTag);
  const t0 = performance.now();
  // Ring friendships, so each hello tells two friends, as a real user's does.
  const users = await seeder.users(flags.sockets, { ring: true, iterations: 1, sessions: true }).finally(() => seeder.close());
  log(`seeded ${users.length} users (usernames b${runTag}*) with sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const wsOrigin = flags.target.origin.replace(/^http/, "ws");
  const target: Target = {
    name: "qchat",
    address: (u) => ({ url: `${wsOrigin}/v1/ws?device=load`, protocols: ["qchat.v1", `bearer.${u.token}`] }),
  };
  const logPath = join(dataDir, "npm-start.log");
  const serverLog = tailLog(logPath);
  const processes = watchProcesses(npmStart);
  const phases: PhaseResult[] = [];
  let open: UserSocket[] = [];
  const closeAll = async () => void (await Promise.all(open.splice(0).map((s) => s.close())));
  const onSignal = () => void closeAll().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const first = await connectPhase("connect", target, flags, users, flags.concurrency, log);
    open = first.sockets;
    phases.push(first.result);
    if (flags.reconnect) {
      const t1 = performance.now();
      await closeAll();
      log(`closed every socket at once in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
      // Everyone at once, as after a deploy: as many handshakes in flight as users.
      const again = await connectPhase("reconnect", target, flags, users, users.length, log);
      open = again.sockets;
      phases.push(again.result);
    }
  } finally {
    await closeAll();
  }
  await new Promise((r) => setTimeout(r, 2_000)); // let the closes reach the log and the fd counts
  const peaks = processes.stop();
  const logSummary = serverLog.read();
  if (flags.json) {
    console.log(JSON.stringify({ flags: { ...flags, target: flags.target.href }, phases, processes: peaks, log: logSummary }, null, 2));
    return;
  }
  for (const phase of phases) printPhase(phase);
  printServer(peaks, logSummary, logPath);
}

main().catch((error: unknown) => {
  console.error(`npm run load failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
