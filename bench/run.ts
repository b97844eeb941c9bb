// `npm run bench`: QChat, a same-runtime Durable Object room (bench/room/) and a bare Node `ws`
// relay under the same load, on this machine, with a progress line and a summary table (QChat /
// room and QChat / relay ratios), or JSON with --json. Starts its own stack on free loopback ports
// (bench/stack-process.ts), seeds users in bulk, measures HTTP accounts, chat throughput and
// latency, and idle capacity; stops everything it started.
import { randomBytes } from "node:crypto";
import { billingAt } from "./billing";
import { startChild, type Child } from "./child";
import { costSizes, runCostPhases, type CostResult } from "./cost";
import { LIMITS, readFlags, type BenchFlags } from "./flags";
import { registerLoad, loginLoad } from "./http-load";
import { describeMachine } from "./machine";
import { descendants, loadAverage } from "./proc-stats";
import { runGroups, seedGroupsPlan, type GroupsPlan, type GroupsResult } from "./groups";
import { withProfile } from "./profile";
import { createProgress, percentiles } from "./report";
import { runChat, runIdle, type ChatResult, type IdleResult } from "./run-system";
import { roomTarget } from "./room/target";
import { openSeeder } from "./seed";
import type { Target } from "./sockets";
import type { StackInfo } from "./stack-process";
import { printSummary, checkTargets, type BenchResult } from "./summary";

const READY_TIMEOUT_MS = 180_000;
const PBKDF2_ITERATIONS = 100_000;

/** Bench-only settings, printed with the results: limits that would otherwise cap the load. */
function benchVars(adminToken: string): Record<string, string> {
  const high = { requests: 1_000_000, window: "1 m" };
  return {
    ADMIN_TOKEN: adminToken,
    // The production interval (wrangler.toml), not the local 5 s: the bench measures what ships.
    METRICS_FLUSH_SECONDS: "60",
    MESSAGE_RATE_PER_SECOND: "1000000",
    MESSAGE_BURST: "1000000",
    RATE_LIMITS: JSON.stringify({
      loginPerIp: high,
      loginPerAccount: high,
      codePerIp: high,
      codePerEmail: high,
      registerPerIp: high,
      socketsPerIp: high,
      socketsPerUser: high,
      readsPerUser: high,
      groupsPerUser: high,
    }),
  };
}

async function adminStats(api: string, token: string, uid?: number): Promise<unknown> {
  try {
    const res = await fetch(`${api}/v1/admin/stats${uid ? `?uid=${uid}` : ""}`, { headers: { Authorization: `Bearer ${token}` } });
    return res.ok ? await res.json() : { status: res.status, body: await res.text() };
  } catch (err) {
    return { error: String(err) };
  }
}

async function main(flags: BenchFlags): Promise<number> {
  const progress = createProgress();
  const startedAt = new Date();
  const machine = describeMachine();
  const adminToken = randomBytes(24).toString("base64url");
  const overrides = benchVars(adminToken);
  const runTag = Date.now().toString(36).slice(-5);
  const children: Child<unknown>[] = [];
  try {
    progress.log(
      `starting QChat (local cloud + wrangler bundle in Miniflare) on free 127.0.0.1 ports${flags.room ? ", the room baseline (one Durable Object per pair, its own Miniflare)" : ""}${flags.relay ? ", and the bare ws relay" : ""}...`,
    );
    // The room starts alongside the stack (it only bundles and boots a workerd): its startup costs no wall time.
    const roomStarting = flags.room
      ? startChild<{ url: string }>("bench/room/process.ts", { BENCH_DO_TMPFS: flags.tmpfs ? "1" : "0" }, 60_000, (line) =>
          progress.log(`[room] ${line}`),
        )
      : undefined;
    void roomStarting?.then(
      (child) => children.push(child),
      () => {},
    );
    const stack = await startChild<StackInfo>(
      "bench/stack-process.ts",
      {
        BENCH_WORKER_VARS: JSON.stringify(overrides),
        BENCH_INSPECT: flags.profile ? "1" : "0",
        BENCH_KEEP: flags.keep ? "1" : "0",
        BENCH_DO_TMPFS: flags.tmpfs ? "1" : "0",
      },
      READY_TIMEOUT_MS,
      (line) => progress.log(`[stack] ${line}`),
    );
    children.push(stack);
    const relay = flags.relay
      ? await startChild<{ url: string }>("bench/relay.ts", {}, 30_000, (line) => progress.log(`[relay] ${line}`))
      : undefined;
    if (relay) children.push(relay);
    const room = await roomStarting;
    const workerd = descendants(stack.pid, "workerd");
    const s = stack.ready;
    progress.log(
      `QChat at ${s.api} (workerd pid ${workerd.join(", ")}; cloud ${s.timings.cloudMs} ms, bundle ${s.timings.bundleMs} ms, worker ${s.timings.workerMs} ms)`,
    );

    // ---- setup -------------------------------------------------------------------------------
    const update = (line: string) => progress.update(line);
    const seeder = await openSeeder(s, runTag);
    const t0 = performance.now();
    const chatUsers = await seeder.users(flags.users, { ring: true, iterations: PBKDF2_ITERATIONS, sessions: true });
    const idleUsers = flags.idle >= 3 ? await seeder.users(flags.idle, { ring: true, iterations: PBKDF2_ITERATIONS, sessions: true }) : [];
    const loginUsers = await seeder.users(flags.logins, { ring: false, iterations: PBKDF2_ITERATIONS, sessions: false });
    const cheapUsers = await seeder.users(flags.logins, { ring: false, iterations: 1, sessions: false });
    const sizes = costSizes(flags.smoke);
    const costUsers = flags.cost
      ? {
          messaging: await seeder.users(sizes.messaging, { ring: true, iterations: 1, sessions: true }),
          connecting: await seeder.users(sizes.connecting, { ring: true, iterations: 1, sessions: true }),
          logins: await seeder.users(sizes.logins, { ring: false, iterations: 1, sessions: false }),
        }
      : undefined;
    const groupsPlan: GroupsPlan | undefined = flags.groups
      ? await seedGroupsPlan(seeder, { sizes: flags.groupSizes, busy: flags.busyGroups })
      : undefined;
    const seedMs = performance.now() - t0;
    const nodeHashMs = await seeder.hashCostMs(PBKDF2_ITERATIONS);
    await seeder.close();
    const groupUsers = groupsPlan ? [...groupsPlan.sizes, ...groupsPlan.busy].reduce((n, g) => n + g.members.length, 0) : 0;
    progress.log(
      `seeded in MariaDB + Redis directly (${(seedMs / 1000).toFixed(1)} s): ${chatUsers.length} ring users, ${idleUsers.length} idle users, ${loginUsers.length * 2} login users, ${groupUsers} group members`,
    );

    // ---- cost per operation: first, while no other object has work left -------------------------
    const billing = billingAt(s.counters);
    let cost: CostResult | undefined;
    if (costUsers) {
      progress.log(
        `cost per operation: ${sizes.messaging} users messaging with 2 devices each for ${sizes.messageMs / 1000} s, ${sizes.connecting} connects, ${sizes.logins} logins`,
      );
      cost = await runCostPhases(
        { api: s.api, adminToken, billing, ackDelayMs: flags.ackDelay, progress: update },
        costUsers,
        sizes.messageMs,
      );
      progress.log(`cost phases done`);
    }

    // ---- HTTP --------------------------------------------------------------------------------
    progress.log("HTTP: logins and sign-ups...");
    const login = await loginLoad(
      s.api,
      loginUsers.map((u) => u.username),
      flags.httpConcurrency,
    );
    const loginNoHash = await loginLoad(
      s.api,
      cheapUsers.map((u) => u.username),
      flags.httpConcurrency,
    );
    const signUp = await registerLoad(
      s.api,
      s.mailbox,
      Array.from({ length: flags.registers }, (_, i) => `r${runTag}${i}`),
      flags.httpConcurrency,
    );

    // ---- chat --------------------------------------------------------------------------------
    const qchatTarget: Target = {
      name: "qchat",
      address: (u) => ({ url: `${s.api.replace(/^http/, "ws")}/v1/ws?device=bench`, protocols: ["qchat.v1", `bearer.${u.token}`] }),
    };
    const relayTarget: Target | undefined = relay && {
      name: "relay",
      address: (u) => ({ url: `${relay.ready.url}?uid=${u.id}`, protocols: [] }),
    };
    const qchatProcs = { server: workerd[0], stack: stack.pid, mariadb: s.pids.mariadb, redis: s.pids.redis, client: process.pid };
    const relayProcs = { server: relay?.pid, client: process.pid };
    // Two sockets per room user (bench/room/target.ts): its idle phase runs only within the bound on idle sockets.
    const roomIdleUsers = idleUsers.length * 2 <= LIMITS.idle ? idleUsers : [];
    const roomRun: { chat?: ChatResult; idle?: IdleResult } = {};
    const roomAt: Target | undefined = room && roomTarget(room.ready.url, [chatUsers, roomIdleUsers]);
    const roomProcs = { server: room ? descendants(room.pid, "workerd")[0] : undefined, client: process.pid };
    const statsBefore = await adminStats(s.api, adminToken);

    progress.log(
      `chat: ${flags.users} users in a ring; fixed ${flags.rate} msg/s for ${flags.duration} s, then window ${flags.window} for ${flags.duration} s`,
    );
    let profile: unknown;
    const aroundFast =
      flags.profile && s.inspectorPort
        ? async <T>(run: () => Promise<T>) => {
            const { result, top } = await withProfile(s.inspectorPort!, run);
            profile = top;
            return result;
          }
        : undefined;
    const qchat: { chat: ChatResult; idle?: IdleResult } = {
      chat: await runChat({ target: qchatTarget, flags, procs: qchatProcs, progress: update, aroundFast, billing }, chatUsers),
    };
    progress.log(
      `QChat chat done: fast ${qchat.chat.fast.throughput.toFixed(0)} msg/s, fixed p99 ${qchat.chat.fixed.delivery.p99.toFixed(1)} ms`,
    );
    const relayRun: { chat?: ChatResult; idle?: IdleResult } = {};
    if (relayTarget) {
      relayRun.chat = await runChat({ target: relayTarget, flags, procs: relayProcs, progress: update }, chatUsers);
      progress.log(
        `relay chat done: fast ${relayRun.chat.fast.throughput.toFixed(0)} msg/s, fixed p99 ${relayRun.chat.fixed.delivery.p99.toFixed(1)} ms`,
      );
    }
    if (roomAt) {
      roomRun.chat = await runChat({ target: roomAt, flags, procs: roomProcs, progress: update }, chatUsers);
      progress.log(
        `room chat done: fast ${roomRun.chat.fast.throughput.toFixed(0)} msg/s, fixed p99 ${roomRun.chat.fixed.delivery.p99.toFixed(1)} ms`,
      );
    }

    // ---- idle capacity -----------------------------------------------------------------------
    if (idleUsers.length > 0) {
      progress.log(`idle: ${idleUsers.length} sockets, hold ${flags.hold} s, then one message each`);
      qchat.idle = await runIdle({ target: qchatTarget, flags, procs: qchatProcs, progress: update }, idleUsers);
      progress.log(
        `QChat idle done: ${qchat.idle.sockets} held, ${qchat.idle.rssPerSocketKb.toFixed(1)} KB/socket, ${qchat.idle.answered} answered`,
      );
      if (relayTarget) relayRun.idle = await runIdle({ target: relayTarget, flags, procs: relayProcs, progress: update }, idleUsers);
      if (roomAt && roomIdleUsers.length > 0)
        roomRun.idle = await runIdle({ target: roomAt, flags, procs: roomProcs, progress: update }, roomIdleUsers);
      else if (roomAt) progress.log(`room idle skipped: ${idleUsers.length * 2} sockets would pass the bound of ${LIMITS.idle}`);
    }

    // ---- groups ------------------------------------------------------------------------------
    // After the idle phase: the 2,600 group members' objects, evicted ~10 s after their sockets
    // close, would shrink the server's RSS during the idle hold and skew its RSS per socket.
    let groups: GroupsResult | undefined;
    if (groupsPlan) {
      const busy = flags.busyGroups ? `, then ${flags.busyGroups.groups} groups of ${flags.busyGroups.members} busy at once` : "";
      progress.log(
        `groups: one group of each of ${flags.groupSizes.join(", ")} members at ${flags.groupRate} msg/s for ${flags.duration} s${busy}`,
      );
      groups = await runGroups(
        {
          api: s.api,
          adminToken,
          target: qchatTarget,
          billing,
          procs: qchatProcs,
          sizes: flags.groupSizes,
          rate: flags.groupRate,
          busy: flags.busyGroups,
          window: flags.window,
          durationMs: flags.duration * 1000,
          body: "m".repeat(flags.body),
          connectConcurrency: flags.connectConcurrency,
          ackDelayMs: flags.ackDelay,
          cost: flags.cost,
          reads: flags.groupReads,
          progress: update,
        },
        groupsPlan,
      );
      const big = groups.sizes[groups.sizes.length - 1];
      progress.log(
        `groups done${big ? `: ${big.members} members p99 ${big.phase.delivery.p99.toFixed(1)} ms` : ""}${groups.busy ? `; busy ${groups.busy.phase.deliveriesPerSecond.toFixed(0)} deliveries/s` : ""}`,
      );
    }
    // Objects flush their counters up to 60 s after they moved: the last minute may be missing.
    const statsAfter = await adminStats(s.api, adminToken, chatUsers[0]?.id);
    progress.done();

    const result: BenchResult = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { ...machine, loadAverageEnd: loadAverage() },
      flags,
      setup: {
        stack: `local cloud (MariaDB, Redis, emulators) + \`wrangler deploy --dry-run\` bundle in Miniflare 4 (no wrangler dev proxy); Durable Object storage on ${flags.tmpfs ? "tmpfs (/dev/shm)" : "the project disk"}${room ? "; the room in its own Miniflare 4 of the same version, storage likewise" : ""}`,
        seeded: {
          ringUsers: chatUsers.length,
          idleUsers: idleUsers.length,
          loginUsers: loginUsers.length,
          cheapHashUsers: cheapUsers.length,
          groupMembers: groupUsers,
          ms: Math.round(seedMs),
        },
        overrides: { ...overrides, ADMIN_TOKEN: "(random)" },
        timings: s.timings,
      },
      http: {
        login: {
          perSecond: login.perSecond,
          latency: percentiles(login.latenciesMs),
          failures: login.failures.length,
          firstFailure: login.failures[0],
        },
        loginCheapHash: {
          perSecond: loginNoHash.perSecond,
          latency: percentiles(loginNoHash.latenciesMs),
          failures: loginNoHash.failures.length,
        },
        hashCostNodeMs: nodeHashMs,
        hashCostWorkerdMs: percentiles(login.latenciesMs).p50 - percentiles(loginNoHash.latenciesMs).p50,
        code: { latency: percentiles(signUp.code.latenciesMs) },
        register: {
          perSecond: signUp.register.perSecond,
          latency: percentiles(signUp.register.latenciesMs),
          failures: signUp.register.failures.length,
          firstFailure: signUp.register.failures[0],
        },
      },
      qchat,
      room: roomRun,
      relay: relayRun,
      groups,
      profile,
      cost,
      adminStats: { before: statsBefore, after: statsAfter },
      targets: [],
      ok: false,
    };
    checkTargets(result);
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else printSummary(result);
    return result.ok ? 0 : 1;
  } finally {
    progress.done();
    for (const child of children.reverse()) await child.stop();
  }
}

let flags: BenchFlags;
try {
  flags = readFlags();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
// Nothing may outlive the run: a hard deadline well past the longest bounded run.
const groupsMs = flags.groups
  ? (flags.groupSizes.length * (flags.groupReads ? 2 : 1) + (flags.busyGroups ? 1 : 0)) * (flags.duration * 2 + 60)
  : 0;
const deadlineMs = (300 + flags.duration * 9 + flags.hold * 3 + flags.idle / 10 + flags.users / 10 + groupsMs) * 1000;
setTimeout(() => {
  console.error(`bench: still running after ${Math.round(deadlineMs / 1000)} s; giving up`);
  process.exit(3);
}, deadlineMs).unref();
main(flags).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
