// The result of a run: the summary tables (QChat vs relay with ratios), the issue's targets
// checked against what was measured, and the pass/fail rule (0 lost, duplicated, out of order).
import type { BenchFlags } from "./flags";
import type { Machine } from "./machine";
import { table, type Percentiles, type Row } from "./report";
import type { ChatResult, IdleResult, PhaseSummary } from "./run-system";

interface HttpSummary { perSecond: number; latency: Percentiles; failures: number; firstFailure?: string }

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  machine: Machine & { loadAverageEnd: number };
  flags: BenchFlags;
  setup: { stack: string; seeded: { ringUsers: number; idleUsers: number; loginUsers: number; cheapHashUsers: number; ms: number }; overrides: Record<string, string>; timings: Record<string, number> };
  http: {
    login: HttpSummary; loginCheapHash: HttpSummary; hashCostNodeMs: number; hashCostWorkerdMs: number;
    code: { latency: Percentiles }; register: HttpSummary;
  };
  qchat: { chat: ChatResult; idle?: IdleResult };
  relay: { chat?: ChatResult; idle?: IdleResult };
  profile?: unknown;
  adminStats?: unknown;
  targets: { target: string; measured: string; met: boolean | "n/a" }[];
  ok: boolean;
}

const integrity = (p: PhaseSummary | undefined) => (p ? `${p.lost}/${p.duplicated}/${p.outOfOrder}` : undefined);
const clean = (p: PhaseSummary | undefined) => !p || (p.lost === 0 && p.duplicated === 0 && p.outOfOrder === 0 && p.unexpected === 0);

/** Fills `targets` and `ok` (every delivery phase of both systems clean, every idle socket answered). */
export function checkTargets(r: BenchResult): void {
  const q = r.qchat.chat;
  const rel = r.relay.chat;
  const f = r.flags;
  const atScale = f.users >= 1000 && f.rate >= 1000;
  const ratio = rel ? q.fast.throughput / rel.fast.throughput : undefined;
  r.targets = [
    {
      target: "1:1 throughput with durable acks >= 0.5x the bare relay; 0 lost, 0 duplicated",
      measured: ratio === undefined ? "relay skipped" : `${ratio.toFixed(2)}x (${q.fast.throughput.toFixed(0)} vs ${rel!.fast.throughput.toFixed(0)} msg/s), lost ${q.fast.lost}, dup ${q.fast.duplicated}`,
      met: ratio === undefined ? "n/a" : ratio >= 0.5 && q.fast.lost === 0 && q.fast.duplicated === 0,
    },
    {
      target: "p99 delivery < 25 ms at 1,000 msg/s across 1,000 users",
      measured: `p99 ${q.fixed.delivery.p99.toFixed(1)} ms at ${f.rate} msg/s across ${q.connect.sockets} users${q.fixed.throughput < f.rate * 0.95 ? ` (delivered only ${q.fixed.throughput.toFixed(0)} msg/s)` : ""}`,
      met: atScale ? q.fixed.delivery.p99 < 25 && q.fixed.lost === 0 : "n/a",
    },
    {
      target: "10,000 idle hibernating sockets on one workerd, each answering; < 20 KB RSS per socket",
      measured: r.qchat.idle
        ? `${r.qchat.idle.sockets} held ${r.qchat.idle.holdSeconds} s, ${r.qchat.idle.answered} answered, ${r.qchat.idle.rssPerSocketKb.toFixed(1)} KB/socket`
        : "skipped",
      met: r.qchat.idle && f.idle >= 10_000 ? r.qchat.idle.sockets >= 10_000 && r.qchat.idle.answered === r.qchat.idle.sockets && r.qchat.idle.rssPerSocketKb < 20 : "n/a",
    },
    {
      target: "login p50 < 30 ms beyond the password hash",
      measured: `login p50 ${r.http.login.latency.p50.toFixed(1)} ms with PBKDF2, ${r.http.loginCheapHash.latency.p50.toFixed(1)} ms without (hash ~${r.http.hashCostWorkerdMs.toFixed(1)} ms in workerd)`,
      met: r.http.loginCheapHash.latency.n > 0 ? r.http.loginCheapHash.latency.p50 < 30 : "n/a",
    },
  ];
  const idleOk = (i: IdleResult | undefined) => !i || (i.failures === 0 && i.answered === i.sockets && clean(i.wake));
  r.ok = [q.fixed, q.fast, rel?.fixed, rel?.fast].every(clean) && idleOk(r.qchat.idle) && idleOk(r.relay.idle) && q.connect.failures === 0;
}

const ms = (p: Percentiles | undefined, key: keyof Percentiles) => p?.[key];

function phaseRows(name: string, q: PhaseSummary, rel: PhaseSummary | undefined): Row[] {
  return [
    { name: `${name}: delivered`, qchat: q.throughput, relay: rel?.throughput, unit: "msg/s" },
    { name: "  delivery p50", qchat: q.delivery.p50, relay: ms(rel?.delivery, "p50"), unit: "ms" },
    { name: "  delivery p95", qchat: q.delivery.p95, relay: ms(rel?.delivery, "p95"), unit: "ms" },
    { name: "  delivery p99", qchat: q.delivery.p99, relay: ms(rel?.delivery, "p99"), unit: "ms" },
    { name: "  delivery max", qchat: q.delivery.max, relay: ms(rel?.delivery, "max"), unit: "ms" },
    { name: "  ack p50", qchat: q.ack.p50, relay: ms(rel?.ack, "p50"), unit: "ms" },
    { name: "  ack p99", qchat: q.ack.p99, relay: ms(rel?.ack, "p99"), unit: "ms" },
    { name: "  lost/duplicated/out-of-order", qchat: integrity(q), relay: integrity(rel) },
    { name: "  sent/acked/received", qchat: `${q.sent}/${q.acked}/${q.received}`, relay: rel && `${rel.sent}/${rel.acked}/${rel.received}` },
    { name: "  server CPU", qchat: q.procs.server?.cores, relay: rel?.procs.server?.cores, unit: "cores" },
    { name: "  server RSS", qchat: q.procs.server?.rssMb, relay: rel?.procs.server?.rssMb, unit: "MB" },
    { name: "  load generator CPU", qchat: q.procs.client?.cores, relay: rel?.procs.client?.cores, unit: "cores" },
    { name: "  frames received per message", qchat: q.framesPerMessage, relay: rel?.framesPerMessage },
  ];
}

type AdminStats = { counters?: Record<string, number>; queues?: Record<string, unknown>; online?: Record<string, number>; user?: Record<string, number> };

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
  const withRelay = rel !== undefined;
  const out: string[] = [];
  out.push(`QChat benchmark, ${r.startedAt}`);
  out.push(`machine: ${m.nproc} cores (${m.cpuModel}), ${m.memTotalGiB} GiB, Node ${m.node}, workerd ${m.workerd}; load average ${m.loadAverageStart} at start, ${m.loadAverageEnd} at end`);
  out.push(`stack: ${r.setup.stack}`);
  out.push(`setup: seeded straight into MariaDB/Redis (no sign-up): ${r.setup.seeded.ringUsers} ring users with ring friendships, ${r.setup.seeded.idleUsers} idle users, ${r.setup.seeded.loginUsers + r.setup.seeded.cheapHashUsers} login users; tokens signed with the stack's TOKEN_SECRET`);
  out.push(`bench-only settings: per-socket message limit ${r.setup.overrides.MESSAGE_RATE_PER_SECOND}/s, HTTP rate limits raised (RATE_LIMITS)${r.flags.ackDelay > 0 ? `; client acks coalesced every ${r.flags.ackDelay} ms` : ""}`);
  out.push("");
  const qs = r.qchat.chat.fast.procs;
  out.push(table(`Chat: ${q.connect.sockets} users in a ring, ${r.flags.body}-char bodies`, [
    { name: "connect", qchat: q.connect.perSecond, relay: rel?.connect.perSecond, unit: "sockets/s" },
    { name: "  connect p99", qchat: q.connect.latency.p99, relay: rel?.connect.latency.p99, unit: "ms" },
    ...phaseRows(`fixed ${r.flags.rate} msg/s`, q.fixed, rel?.fixed),
    ...phaseRows(`fast, window ${r.flags.window}/sender`, q.fast, rel?.fast),
  ], withRelay));
  out.push(`  (QChat fast phase, other processes: emulators+Miniflare ${qs.stack?.cores.toFixed(2) ?? "-"} cores, MariaDB ${qs.mariadb?.cores.toFixed(2) ?? "-"}, Redis ${qs.redis?.cores.toFixed(2) ?? "-"})`);
  const qi = r.qchat.idle;
  const ri = r.relay.idle;
  if (qi) {
    out.push("");
    out.push(table(`Idle capacity: ${qi.sockets} sockets held ${qi.holdSeconds} s, then one message each`, [
      { name: "connect", qchat: qi.connectPerSecond, relay: ri?.connectPerSecond, unit: "sockets/s" },
      { name: "server RSS before", qchat: qi.rssMb.before, relay: ri?.rssMb.before, unit: "MB" },
      { name: "server RSS once connected", qchat: qi.rssMb.connected, relay: ri?.rssMb.connected, unit: "MB" },
      { name: "server RSS after the hold", qchat: qi.rssMb.held, relay: ri?.rssMb.held, unit: "MB" },
      { name: "RSS per socket", qchat: qi.rssPerSocketKb, relay: ri?.rssPerSocketKb, unit: "KB" },
      { name: "fds per socket", qchat: qi.fdsPerSocket, relay: ri?.fdsPerSocket },
      { name: "answered after the hold", qchat: `${qi.answered}/${qi.sockets}`, relay: ri && `${ri.answered}/${ri.sockets}` },
      { name: "  closed by the server meanwhile", qchat: JSON.stringify(qi.wake.serverCloses), relay: ri && JSON.stringify(ri.wake.serverCloses) },
      { name: "  wake-up delivery p50", qchat: qi.wake.delivery.p50, relay: ri?.wake.delivery.p50, unit: "ms" },
      { name: "  wake-up delivery p99", qchat: qi.wake.delivery.p99, relay: ri?.wake.delivery.p99, unit: "ms" },
      { name: "  lost/duplicated/out-of-order", qchat: integrity(qi.wake), relay: integrity(ri?.wake) },
    ], withRelay));
  }
  const h = r.http;
  out.push("");
  out.push(table(`HTTP (QChat), ${r.flags.httpConcurrency} concurrent`, [
    { name: "login, PBKDF2 100k", qchat: h.login.perSecond, unit: "req/s" },
    { name: "  p50 / p99", qchat: `${h.login.latency.p50.toFixed(1)} / ${h.login.latency.p99.toFixed(1)}`, unit: "ms" },
    { name: "login, 1-iteration hash", qchat: h.loginCheapHash.perSecond, unit: "req/s" },
    { name: "  p50 / p99 (login beyond the hash)", qchat: `${h.loginCheapHash.latency.p50.toFixed(1)} / ${h.loginCheapHash.latency.p99.toFixed(1)}`, unit: "ms" },
    { name: "PBKDF2 100k in workerd (difference of p50s)", qchat: h.hashCostWorkerdMs, unit: "ms" },
    { name: "PBKDF2 100k in Node WebCrypto", qchat: h.hashCostNodeMs, unit: "ms" },
    { name: "code email request p50", qchat: h.code.latency.p50, unit: "ms" },
    { name: "register", qchat: h.register.perSecond, unit: "req/s" },
    { name: "  p50 / p99", qchat: `${h.register.latency.p50.toFixed(1)} / ${h.register.latency.p99.toFixed(1)}`, unit: "ms" },
    { name: "failures (login/register)", qchat: `${h.login.failures + h.loginCheapHash.failures}/${h.register.failures}` },
  ], false));
  const closes = { ...q.fixed.serverCloses, ...q.fast.serverCloses };
  if (Object.keys(closes).length > 0) out.push(`QChat sockets closed by the server during chat, by code: ${JSON.stringify(closes)}`);
  const errors = { ...q.fixed.errors, ...q.fast.errors };
  if (Object.keys(errors).length > 0) out.push(`QChat error frames: ${JSON.stringify(errors)}`);
  if (q.connect.failures > 0) out.push(`QChat connect failures: ${q.connect.failures} (first: ${q.connect.firstFailure})`);
  if (qi && qi.failures > 0) out.push(`QChat idle connect failures: ${qi.failures} (first: ${qi.firstFailure})`);
  if (Array.isArray(r.profile)) {
    out.push("");
    out.push("workerd CPU profile, fast phase (self time, top functions):");
    for (const line of r.profile as string[]) out.push(`  ${line}`);
  }
  const live = liveCounters(r.adminStats);
  if (live) out.push("", `GET /v1/admin/stats over the run (objects flush every 60 s, so the last minute may be missing): ${live}`);
  out.push("");
  out.push("Targets (issue 6):");
  for (const t of r.targets) out.push(`  [${t.met === "n/a" ? "n/a " : t.met ? "met " : "MISS"}] ${t.target}: ${t.measured}`);
  out.push("");
  out.push(r.ok ? "OK: 0 lost, 0 duplicated, 0 out of order" : "FAILED: messages were lost, duplicated or out of order, or sockets failed (see above)");
  console.log(out.join("\n"));
}
