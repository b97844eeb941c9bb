// The "Groups" part of the summary: delivery to every member by group size, the cost per group
// message and how it grows with members, the busy groups against the 1:1 fast phase, issue 12's
// targets, and the ledger's verdict (every member got every message once, in seq order).
import type { DoCounter } from "./cost";
import type { GroupMessageCost, GroupPhaseSummary, GroupsResult } from "./groups";
import { table, type Row } from "./report";
import type { PhaseSummary } from "./run-system";

/** Issue 12's latency target and the group size and rate it is stated for. */
const TARGET = { members: 100, rate: 5, p99Ms: 250 };

export const groupIntegrity = (p: GroupPhaseSummary) => `${p.lost}/${p.duplicated}/${p.outOfOrder}`;

/** Every message acked and on every member once, in order, and nothing unexpected. */
export function groupPhaseClean(p: GroupPhaseSummary): boolean {
  return p.lost === 0 && p.duplicated === 0 && p.outOfOrder === 0 && p.gaps === 0 && p.unexpected === 0 && p.unacked === 0;
}

export function groupsClean(g: GroupsResult | undefined): boolean {
  const phases = g
    ? [...g.sizes.flatMap((s) => [s.phase, ...(s.withReads ? [s.withReads.phase] : [])]), ...(g.busy ? [g.busy.phase] : [])]
    : [];
  return phases.every(groupPhaseClean);
}

const per = (v: number | undefined, n: number) => (v === undefined || n === 0 ? undefined : v / n);
const sum = (a: number | undefined, b: number | undefined) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));

/** Per group message: the members' objects, the group's object, and the emulators. */
export function costPerMessage(c: GroupMessageCost | undefined) {
  const n = c?.messages ?? 0;
  const m = (name: DoCounter) => per(c?.objects[name], n);
  const g = (name: DoCounter) => per(c?.group[name], n);
  return {
    transactions: { members: m("cost.transactions"), group: g("cost.transactions") },
    rowsWritten: sum(m("cost.rowsWritten"), g("cost.rowsWritten")),
    rpcCalls: { members: m("cost.rpcCalls"), group: g("cost.rpcCalls") },
    alarmsSet: sum(m("cost.alarmsSet"), g("cost.alarmsSet")),
    framesOut: m("cost.framesOut"),
    mysql: per(c?.billed.mysql.statements, n),
    redis: per(c?.billed.redis.commands, n),
  };
}

/** The cost table: one row per group size, so its growth with members reads down the columns. */
function costTable(g: GroupsResult): string[] {
  const measured = g.sizes.flatMap((s) => [
    ...(s.cost ? [{ label: String(s.members), cost: s.cost }] : []),
    ...(s.withReads?.cost ? [{ label: `${s.members} reading`, cost: s.withReads.cost }] : []),
  ]);
  if (measured.length === 0) return [];
  const header = [
    "members",
    "msgs",
    "txns mem",
    "txns grp",
    "rows wr",
    "RPCs mem",
    "RPCs grp",
    "alarms",
    "frames out",
    "MySQL",
    "Redis cmd",
  ];
  const body = measured.map((s) => {
    const c = costPerMessage(s.cost);
    return [
      s.label,
      String(s.cost.messages),
      f(c.transactions.members),
      f(c.transactions.group),
      f(c.rowsWritten),
      f(c.rpcCalls.members),
      f(c.rpcCalls.group),
      f(c.alarmsSet),
      f(c.framesOut),
      f(c.mysql),
      f(c.redis),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    'Cost per group message (deltas around each sized group\'s phase; members ack, and with "reading" also send group_read per events frame):',
    `  ${line(header)}`,
    ...body.map((b) => `  ${line(b)}`),
    "  mem = summed over the members' user objects, grp = the group's object; rows wr and alarms are both together; frames out = frames",
    "  the members' objects sent to devices; MySQL statements and Redis commands from the emulators (Redis includes online members' presence refreshes)",
  ];
}

function phaseRows(p: GroupPhaseSummary): Row[] {
  return [
    { name: "  delivery p50 / p99, per member copy", qchat: `${p.delivery.p50.toFixed(1)} / ${p.delivery.p99.toFixed(1)}`, unit: "ms" },
    { name: "  on every member p50 / p99", qchat: `${p.allMembers.p50.toFixed(1)} / ${p.allMembers.p99.toFixed(1)}`, unit: "ms" },
    { name: "  group_sent p50 / p99", qchat: `${p.ack.p50.toFixed(1)} / ${p.ack.p99.toFixed(1)}`, unit: "ms" },
    { name: "  messages sent/acked/on every member", qchat: `${p.sent}/${p.acked}/${p.complete}` },
    { name: "  member copies due/received", qchat: `${p.copiesDue}/${p.copiesReceived}` },
    { name: "  lost/duplicated/out-of-order", qchat: groupIntegrity(p) },
    { name: "  frames per member per message", qchat: p.framesPerMember },
    { name: "  server CPU", qchat: p.procs.server?.cores, unit: "cores" },
  ];
}

export function groupsTables(g: GroupsResult, oneToOne: PhaseSummary): string[] {
  const out: string[] = [];
  const rows: Row[] = [];
  for (const s of g.sizes) {
    rows.push(
      { name: `${s.members} members, ${s.rate} msg/s: member copies`, qchat: s.phase.deliveriesPerSecond, unit: "/s" },
      ...phaseRows(s.phase),
    );
    const r = s.withReads?.phase;
    if (r)
      rows.push(
        {
          name: "  members reading: delivery p50 / p99 per copy",
          qchat: `${r.delivery.p50.toFixed(1)} / ${r.delivery.p99.toFixed(1)}`,
          unit: "ms",
        },
        { name: "    on every member p50 / p99", qchat: `${r.allMembers.p50.toFixed(1)} / ${r.allMembers.p99.toFixed(1)}`, unit: "ms" },
        {
          name: "    copies due/received; lost/duplicated/out-of-order",
          qchat: `${r.copiesDue}/${r.copiesReceived}; ${groupIntegrity(r)}`,
        },
      );
  }
  if (g.busy) {
    const b = g.busy;
    rows.push(
      { name: `${b.groups} groups of ${b.members} busy, window ${b.window}/group: copies`, qchat: b.phase.deliveriesPerSecond, unit: "/s" },
      { name: "  messages on every member", qchat: b.phase.messagesPerSecond, unit: "msg/s" },
      {
        name: "  vs 1:1 fast phase (deliveries/s)",
        qchat: `${(b.phase.deliveriesPerSecond / oneToOne.throughput).toFixed(2)}x of ${oneToOne.throughput.toFixed(0)}`,
      },
      ...phaseRows(b.phase),
    );
  }
  out.push(
    table(`Groups (every member online, one socket each; ${(g.ms / 1000).toFixed(0)} s in all)`, rows, { room: false, relay: false }),
  );
  out.push(
    "  copies = (message, member) deliveries, the sender's own device not counted; on every member = send to the last member's copy",
  );
  for (const s of g.sizes) {
    const notes = [
      ...(s.createRetried.length > 0 ? [`POST /v1/groups retried after ${s.createRetried.join("; ")}`] : []),
      ...(s.cost && !s.cost.settled ? ["MySQL still moving when read"] : []),
      ...(s.cost && s.cost.reloaded > 0 ? [`${s.cost.reloaded} objects reloaded meanwhile`] : []),
      ...(Object.keys(s.phase.errors).length > 0 ? [`error frames ${JSON.stringify(s.phase.errors)}`] : []),
      ...(s.withReads && Object.keys(s.withReads.phase.errors).length > 0
        ? [`error frames while reading ${JSON.stringify(s.withReads.phase.errors)}`]
        : []),
      ...(s.phase.gaps + s.phase.unexpected + s.phase.unacked > 0
        ? [`gaps ${s.phase.gaps}, unexpected ${s.phase.unexpected}, unacked ${s.phase.unacked}`]
        : []),
      ...(s.cost && Object.keys(s.cost.billed.mysql.byKind).length > 0 ? [`MySQL ${JSON.stringify(s.cost.billed.mysql.byKind)}`] : []),
    ];
    if (notes.length > 0) out.push(`  ${s.members} members: ${notes.join("; ")}`);
  }
  if (g.busy && g.busy.createRetried.length > 0)
    out.push(`  busy groups: ${g.busy.createRetried.length} POST /v1/groups retried (first: ${g.busy.createRetried[0]})`);
  if (g.busy && Object.keys(g.busy.phase.errors).length > 0) out.push(`  busy groups: error frames ${JSON.stringify(g.busy.phase.errors)}`);
  const costs = costTable(g);
  if (costs.length > 0) out.push("", ...costs);
  return out;
}

const f = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(2));

/** Issue 12's performance targets. */
export function groupTargets(
  g: GroupsResult | undefined,
  oneToOne: PhaseSummary,
): { target: string; measured: string; met: boolean | "n/a" }[] {
  if (!g) return [];
  const at = g.sizes.find((s) => s.members === TARGET.members && s.rate === TARGET.rate);
  const growth = g.sizes
    .filter((s) => s.cost)
    .map((s) => {
      const c = costPerMessage(s.cost);
      return `${s.members}: ${f(sum(c.transactions.members, c.transactions.group))} txns, ${f(sum(c.rpcCalls.members, c.rpcCalls.group))} RPCs`;
    });
  return [
    {
      target: `group of ${TARGET.members}, all online, ${TARGET.rate} msg/s: every message on every member, p99 < ${TARGET.p99Ms} ms; 0 lost, 0 duplicated, 0 out of order`,
      measured: at
        ? `p99 ${at.phase.delivery.p99.toFixed(1)} ms per copy (all members ${at.phase.allMembers.p99.toFixed(1)} ms), ${at.phase.copiesReceived}/${at.phase.copiesDue} copies, ${groupIntegrity(at.phase)}`
        : `not run (sizes ${g.sizes.map((s) => s.members).join(", ") || "none"} at ${g.sizes[0]?.rate ?? "-"} msg/s)`,
      met: at ? at.phase.delivery.p99 < TARGET.p99Ms && groupPhaseClean(at.phase) : "n/a",
    },
    {
      target: "cost per group message as members grow (members' and group objects)",
      measured: growth.join("; ") || "not measured (--no-cost)",
      met: "n/a",
    },
    {
      target: "groups busy at once: total delivered against the 1:1 figures",
      measured: g.busy
        ? `${g.busy.groups}x${g.busy.members}: ${g.busy.phase.deliveriesPerSecond.toFixed(0)} copies/s, ${g.busy.phase.messagesPerSecond.toFixed(0)} msg/s; 1:1 fast ${oneToOne.throughput.toFixed(0)} msg/s`
        : "skipped",
      met: "n/a",
    },
  ];
}
