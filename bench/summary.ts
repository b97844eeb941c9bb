// The result of a run: the summary tables (QChat vs the room and the relay, with ratios), the
// issues' targets checked against what was measured, and the pass/fail rule (0 lost, duplicated,
// out of order, for every system and every group phase).
import type { CostResult } from "./cost";
import { costTable, costTargets, perOperation } from "./cost-report";
import type { BenchFlags } from "./flags";
import { groupsClean, groupsTables, groupTargets } from "./group-report";
import type { GroupsResult } from "./groups";
import type { Machine } from "./machine";
import { table, type Baselines, type Percentiles, type Row } from "./report";
import type { ChatResult, IdleResult, PhaseSummary } from "./run-system";

interface HttpSummary {
  perSecond: number;
  latency: Percentiles;
  failures: number;
  firstFailure?: string;
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  machine: Machine & { loadAverageEnd: number };
  flags: BenchFlags;
  setup: {
    stack: string;
    seeded: { ringUsers: number; idleUsers: number; loginUsers: number; cheapHashUsers: number; groupMembers?: number; ms: number };
    overrides: Record<string, string>;
    timings: Record<string, number>;
  };
  http: {
    login: HttpSummary;
    loginCheapHash: HttpSummary;
    hashCostNodeMs: number;
    hashCostWorkerdMs: number;
    code: { latency: Percentiles };
    register: HttpSummary;
  };
  qchat: { chat: ChatResult; idle?: IdleResult };
  /** The same-runtime baseline: one Durable Object per pair (bench/room/). */
  room: { chat?: ChatResult; idle?: IdleResult };
  relay: { chat?: ChatResult; idle?: IdleResult };
  /** The group phases (bench/groups.ts), absent with --no-groups. */
  groups?: GroupsResult;
  profile?: unknown;
  /** Cost per operation (bench/cost.ts); `perOperation` is filled by checkTargets for --json readers. */
  cost?: CostResult & { perOperation?: ReturnType<typeof perOperation>[] };
  adminStats?: unknown;
  targets: { target: string; measured: string; met: boolean | "n/a" }[];
  ok: boolean;
}

const integrity = (p: PhaseSummary | undefined) => (p ? `${p.lost}/${p.duplicated}/${p.outOfOrder}` : undefined);
const clean = (p: PhaseSummary | undefined) => !p || (p.lost === 0 && p.duplicated === 0 && p.outOfOrder === 0 && p.unexpected === 0);

/** Fills `targets` and `ok` (every delivery phase of every system clean, every idle socket answered). */
export function checkTargets(r: BenchResult): void {
  const q = r.qchat.chat;
  const rel = r.relay.chat;
  const room = r.room.chat;
  const f = r.flags;
  const atScale = f.users >= 1000 && f.rate >= 1000;
  const ratio = rel ? q.fast.throughput / rel.fast.throughput : undefined;
  const roomRatio = room ? q.fast.throughput / room.fast.throughput : undefined;
  r.targets = [
    {
      target: "1:1 throughput with durable acks >= 0.5x the same-runtime room (issue 11); 0 lost, 0 duplicated",
      measured:
        roomRatio === undefined
          ? "room skipped"
          : `${roomRatio.toFixed(2)}x (${q.fast.throughput.toFixed(0)} vs ${room!.fast.throughput.toFixed(0)} msg/s), lost ${q.fast.lost}, dup ${q.fast.duplicated}`,
      met: roomRatio === undefined ? "n/a" : roomRatio >= 0.5 && q.fast.lost === 0 && q.fast.duplicated === 0,
    },
    {
      target: "1:1 throughput with durable acks >= 0.5x the bare relay; 0 lost, 0 duplicated",
      measured:
        ratio === undefined
          ? "relay skipped"
          : `${ratio.toFixed(2)}x (${q.fast.throughput.toFixed(0)} vs ${rel!.fast.throughput.toFixed(0)} msg/s), lost ${q.fast.lost}, dup ${q.fast.duplicated}`,
      met: ratio === undefined ? "n/a" : ratio >= 0.5 && q.fast.lost === 0 && q.fast.duplicated === 0,
    },
    {
      target: "p99 delivery < 25 ms at 1,000 msg/s across 1,000 users",
      measured: `p99 ${q.fixed.delivery.p99.toFixed(1)} ms at ${f.rate} msg/s across ${q.connect.sockets} users${q.fixed.throughput < f.rate * 0.95 ? ` (delivered only ${q.fixed.throughput.toFixed(0)} msg/s)` : ""}`,
      met: atScale ? q.fixed.delivery.p99 < 25 && q.fixed.lost === 0 : "n/a",
    },
    {
      target: "connect >= 300 sockets/s with 100 in flight, 0 refused (issue 11; known users reconnecting)",
      measured: `${q.reconnect.perSecond.toFixed(0)} sockets/s reconnecting with ${f.connectConcurrency} in flight, ${q.reconnect.failures} failed; first connects ${q.connect.perSecond.toFixed(0)}/s`,
      met: f.connectConcurrency >= 100 ? q.reconnect.perSecond >= 300 && q.reconnect.failures === 0 : "n/a",
    },
    {
      target: "10,000 idle hibernating sockets on one workerd, each answering; < 20 KB RSS per socket",
      measured: r.qchat.idle
        ? `${r.qchat.idle.sockets} held ${r.qchat.idle.holdSeconds} s, ${r.qchat.idle.answered} answered, ${r.qchat.idle.rssPerSocketKb.toFixed(1)} KB/socket`
        : "skipped",
      met:
        r.qchat.idle && f.idle >= 10_000
          ? r.qchat.idle.sockets >= 10_000 && r.qchat.idle.answered === r.qchat.idle.sockets && r.qchat.idle.rssPerSocketKb < 20
          : "n/a",
    },
    {
      target: "login p50 < 30 ms beyond the password hash",
      measured: `login p50 ${r.http.login.latency.p50.toFixed(1)} ms with PBKDF2, ${r.http.loginCheapHash.latency.p50.toFixed(1)} ms without (hash ~${r.http.hashCostWorkerdMs.toFixed(1)} ms in workerd)`,
      met: r.http.loginCheapHash.latency.n > 0 ? r.http.loginCheapHash.latency.p50 < 30 : "n/a",
    },
  ];
  r.targets.push(...costTargets(r.cost, q));
  r.targets.push(...groupTargets(r.groups, q.fast));
  if (r.cost) r.cost.perOperation = r.cost.operations.map(perOperation);
  const idleOk = (i: IdleResult | undefined) => !i || (i.failures === 0 && i.answered === i.sockets && clean(i.wake));
  r.ok =
    [q.fixed, q.fast, room?.fixed, room?.fast, rel?.fixed, rel?.fast].every(clean) &&
    idleOk(r.qchat.idle) &&
    idleOk(r.room.idle) &&
    idleOk(r.relay.idle) &&
    groupsClean(r.groups) &&
    q.connect.failures === 0 &&
    q.reconnect.failures === 0 &&
    (r.cost?.incomplete ?? 0) === 0 &&
    (room?.connect.failures ?? 0) === 0;
}

const ms = (p: Percentiles | undefined, key: keyof Percentiles) => p?.[key];

/** The three systems' results of one kind (room and relay absent when skipped). */
interface Trio<T> {
  qchat: T;
  room?: T;
  relay?: T;
}

/** One row: the same figure read from each system's result. */
function row<T>(name: string, of: Trio<T>, pick: (x: T) => Row["qchat"], unit?: string): Row {
  return { name, unit, qchat: pick(of.qchat), room: of.room && pick(of.room), relay: of.relay && pick(of.relay) };
}

function phaseRows(name: string, p: Trio<PhaseSummary>): Row[] {
  return [
    row(`${name}: delivered`, p, (x) => x.throughput, "msg/s"),
    row("  delivery p50", p, (x) => x.delivery.p50, "ms"),
    row("  delivery p95", p, (x) => x.delivery.p95, "ms"),
    row("  delivery p99", p, (x) => x.delivery.p99, "ms"),
    row("  delivery max", p, (x) => x.delivery.max, "ms"),
    row("  ack p50", p, (x) => x.ack.p50, "ms"),
    row("  ack p99", p, (x) => x.ack.p99, "ms"),
    row("  lost/duplicated/out-of-order", p, integrity),
    row("  sent/acked/received", p, (x) => `${x.sent}/${x.acked}/${x.received}`),
    row("  server CPU", p, (x) => x.procs.server?.cores, "cores"),
    row("  server RSS", p, (x) => x.procs.server?.rssMb, "MB"),
    row("  load generator CPU", p, (x) => x.procs.client?.cores, "cores"),
    row("  frames received per message", p, (x) => x.framesPerMessage),
    row("  MySQL statements per message", p, (x) => (x.billed ? x.billed.mysql.statements / Math.max(1, x.received) : undefined)),
    row("  Redis commands per message", p, (x) => (x.billed ? x.billed.redis.commands / Math.max(1, x.received) : undefined)),
  ];
}

type AdminStats = {
  counters?: Record<string, number>;
  queues?: Record<string, unknown>;
  online?: Record<string, number>;
  user?: Record<string, number>;
};

/** The admin endpoint's counters, as moved by this run: proof the live metrics see the load. */
function liveCounters(stats: unknown): string | undefined {
  const { before, after } = (stats ?? {}) as { before?: AdminStats; after?: AdminStats };
  if (!after?.counters) return undefined;
  const delta = (name: string) => (after.counters?.[name] ?? 0) - (before?.counters?.[name] ?? 0);
  const names = Object.keys(after.counters).filter((n) => delta(n) !== 0);
  const show = names.filter((n) => /^(messages|frames|sockets|errors)\./.test(n)).map((n) => `${n} +${delta(n)}`);
  const user = after.user ? `; one ring user's object (?uid=${after.user.uid}): ${JSON.stringify(after.user)}` : "";
  return `${show.join(", ") || "no flush yet"}; queues now ${JSON.stringify(after.queues)}${user}`;
}

export function printSummary(r: BenchResult): void {
  const m = r.machine;
  const q = r.qchat.chat;
  const rel = r.relay.chat;
  const out: string[] = [];
  out.push(`QChat benchmark, ${r.startedAt}`);
  out.push(
    `machine: ${m.nproc} cores (${m.cpuModel}), ${m.memTotalGiB} GiB, Node ${m.node}, workerd ${m.workerd}; load average ${m.loadAverageStart} at start, ${m.loadAverageEnd} at end`,
  );
  out.push(`stack: ${r.setup.stack}`);
  out.push(
    `setup: seeded straight into MariaDB/Redis (no sign-up): ${r.setup.seeded.ringUsers} ring users with ring friendships, ${r.setup.seeded.idleUsers} idle users, ${r.setup.seeded.loginUsers + r.setup.seeded.cheapHashUsers} login users${r.setup.seeded.groupMembers ? `, ${r.setup.seeded.groupMembers} group members with their creators' friendships (groups created through POST /v1/groups)` : ""}; tokens signed with the stack's TOKEN_SECRET`,
  );
  out.push(
    `bench-only settings: per-socket message limit ${r.setup.overrides.MESSAGE_RATE_PER_SECOND}/s, HTTP rate limits raised (RATE_LIMITS)${r.flags.ackDelay > 0 ? `; client acks coalesced every ${r.flags.ackDelay} ms` : ""}`,
  );
  out.push("");
  const qs = r.qchat.chat.fast.procs;
  const chat: Trio<ChatResult> = { qchat: q, room: r.room.chat, relay: rel };
  const baselines: Baselines = { room: chat.room !== undefined, relay: chat.relay !== undefined };
  out.push(
    table(
      `Chat: ${q.connect.sockets} users in a ring, ${r.flags.body}-char bodies`,
      [
        row("connect", chat, (x) => x.connect.perSecond, "sockets/s"),
        row("  connect p99, per user", chat, (x) => x.connect.latency.p99, "ms"),
        row(`reconnect, known users, ${r.flags.connectConcurrency} in flight`, chat, (x) => x.reconnect.perSecond, "sockets/s"),
        row("  reconnect p99, per user", chat, (x) => x.reconnect.latency.p99, "ms"),
        ...phaseRows(`fixed ${r.flags.rate} msg/s`, { qchat: q.fixed, room: chat.room?.fixed, relay: rel?.fixed }),
        ...phaseRows(`fast, window ${r.flags.window}/sender`, { qchat: q.fast, room: chat.room?.fast, relay: rel?.fast }),
      ],
      baselines,
    ),
  );
  out.push(
    `  (QChat fast phase, other processes: emulators+Miniflare ${qs.stack?.cores.toFixed(2) ?? "-"} cores, MariaDB ${qs.mariadb?.cores.toFixed(2) ?? "-"}, Redis ${qs.redis?.cores.toFixed(2) ?? "-"})`,
  );
  if (baselines.room) {
    out.push(
      "  (room: one Durable Object per pair in its own workerd, one SQLite insert per message, no auth/receipts/echo; each ring user holds two sockets,",
    );
    out.push(
      "   one per pair object, so its connect and per-socket rows count WebSockets and its connect p99 is the slower of a user's two handshakes)",
    );
  }
  const qi = r.qchat.idle;
  if (qi) {
    const idle: Trio<IdleResult> = { qchat: qi, room: r.room.idle, relay: r.relay.idle };
    out.push("");
    out.push(
      table(
        `Idle capacity: ${qi.sockets} users held ${qi.holdSeconds} s, then one message each`,
        [
          row("connect", idle, (x) => x.connectPerSecond, "sockets/s"),
          row("server RSS before", idle, (x) => x.rssMb.before, "MB"),
          row("server RSS once connected", idle, (x) => x.rssMb.connected, "MB"),
          row("server RSS after the hold", idle, (x) => x.rssMb.held, "MB"),
          row("RSS per socket", idle, (x) => x.rssPerSocketKb, "KB"),
          row("fds per socket", idle, (x) => x.fdsPerSocket),
          row("answered after the hold", idle, (x) => `${x.answered}/${x.sockets}`),
          row("  closed by the server meanwhile", idle, (x) => JSON.stringify(x.wake.serverCloses)),
          row("  wake-up delivery p50", idle, (x) => x.wake.delivery.p50, "ms"),
          row("  wake-up delivery p99", idle, (x) => x.wake.delivery.p99, "ms"),
          row("  lost/duplicated/out-of-order", idle, (x) => integrity(x.wake)),
        ],
        { room: idle.room !== undefined, relay: idle.relay !== undefined },
      ),
    );
  }
  const h = r.http;
  out.push("");
  out.push(
    table(
      `HTTP (QChat), ${r.flags.httpConcurrency} concurrent`,
      [
        { name: "login, PBKDF2 100k", qchat: h.login.perSecond, unit: "req/s" },
        { name: "  p50 / p99", qchat: `${h.login.latency.p50.toFixed(1)} / ${h.login.latency.p99.toFixed(1)}`, unit: "ms" },
        { name: "login, 1-iteration hash", qchat: h.loginCheapHash.perSecond, unit: "req/s" },
        {
          name: "  p50 / p99 (login beyond the hash)",
          qchat: `${h.loginCheapHash.latency.p50.toFixed(1)} / ${h.loginCheapHash.latency.p99.toFixed(1)}`,
          unit: "ms",
        },
        { name: "PBKDF2 100k in workerd (difference of p50s)", qchat: h.hashCostWorkerdMs, unit: "ms" },
        { name: "PBKDF2 100k in Node WebCrypto", qchat: h.hashCostNodeMs, unit: "ms" },
        { name: "code email request p50", qchat: h.code.latency.p50, unit: "ms" },
        { name: "register", qchat: h.register.perSecond, unit: "req/s" },
        { name: "  p50 / p99", qchat: `${h.register.latency.p50.toFixed(1)} / ${h.register.latency.p99.toFixed(1)}`, unit: "ms" },
        { name: "failures (login/register)", qchat: `${h.login.failures + h.loginCheapHash.failures}/${h.register.failures}` },
      ],
      { room: false, relay: false },
    ),
  );
  const closes = { ...q.fixed.serverCloses, ...q.fast.serverCloses };
  if (Object.keys(closes).length > 0) out.push(`QChat sockets closed by the server during chat, by code: ${JSON.stringify(closes)}`);
  const errors = { ...q.fixed.errors, ...q.fast.errors };
  if (Object.keys(errors).length > 0) out.push(`QChat error frames: ${JSON.stringify(errors)}`);
  if (q.connect.failures > 0) out.push(`QChat connect failures: ${q.connect.failures} (first: ${q.connect.firstFailure})`);
  if (qi && qi.failures > 0) out.push(`QChat idle connect failures: ${qi.failures} (first: ${qi.firstFailure})`);
  const room = r.room;
  const roomErrors = { ...room.chat?.fixed.errors, ...room.chat?.fast.errors };
  if (Object.keys(roomErrors).length > 0) out.push(`room error frames: ${JSON.stringify(roomErrors)}`);
  if (room.chat && room.chat.connect.failures > 0)
    out.push(`room connect failures: ${room.chat.connect.failures} (first: ${room.chat.connect.firstFailure})`);
  if (room.idle && room.idle.failures > 0) out.push(`room idle connect failures: ${room.idle.failures} (first: ${room.idle.firstFailure})`);
  if (r.groups) out.push("", ...groupsTables(r.groups, q.fast));
  if (Array.isArray(r.profile)) {
    out.push("");
    out.push("workerd CPU profile, fast phase (self time, top functions):");
    for (const line of r.profile as string[]) out.push(`  ${line}`);
  }
  if (r.cost) out.push("", ...costTable(r.cost, { fixed: q.fixed, fast: q.fast }));
  if (r.cost && r.cost.incomplete > 0)
    out.push(`  cost phase: ${r.cost.incomplete} message copies (recipient's or echo, per device) missing`);
  const live = liveCounters(r.adminStats);
  if (live) out.push("", `GET /v1/admin/stats over the run (objects flush every 60 s, so the last minute may be missing): ${live}`);
  out.push("");
  out.push("Targets (issues 6, 11 and 12):");
  for (const t of r.targets) out.push(`  [${t.met === "n/a" ? "n/a " : t.met ? "met " : "MISS"}] ${t.target}: ${t.measured}`);
  out.push("");
  out.push(
    r.ok
      ? "OK: 0 lost, 0 duplicated, 0 out of order"
      : "FAILED: messages were lost, duplicated or out of order, or sockets failed (see above)",
  );
  console.log(out.join("\n"));
}
