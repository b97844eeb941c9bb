// The group phases of `npm run bench` (issue 12): for each group size, one group with every member
// online taking `rate` messages/s (delivery latency to every member, and the cost per message from
// the members' objects' `cost.*` counters and the emulators' counts around the phase); then many
// groups busy at once (closed loop), delivered member copies per second. The ledger checks each
// member got each message exactly once and in seq order.
import { billedBetween, settle, type Billed, type Billing } from "./billing";
import { calibrateProbe, objectDeltas, objectStats, type DoCounter, type Tallies } from "./cost";
import { connectMembers, createGroups, seedGroups, type PlannedGroup } from "./group-setup";
import { createGroupLedger, type GroupPositions } from "./group-ledger";
import { groupFixedRate, groupsBusy, type GroupPhaseContext, type GroupPhaseResult, type LoadedGroup } from "./group-workloads";
import { watch, type ProcUsage } from "./proc-stats";
import { percentiles, type Percentiles } from "./report";
import type { Seeder } from "./seed";
import type { Target, Tracker, UserSocket } from "./sockets";

/** A group phase's result with its samples reduced to percentiles, and the processes' usage. */
export type GroupPhaseSummary = Omit<GroupPhaseResult, "ackMs" | "deliveryMs" | "allMembersMs" | "firstSentAt" | "lastReceivedAt"> & {
  /** Per member copy: send to that member's receipt. */
  delivery: Percentiles;
  /** Per message: send to the last member's receipt. */
  allMembers: Percentiles;
  ack: Percentiles;
  procs: Record<string, ProcUsage>;
};

/** Totals over a phase: the members' user objects, the group's own object, and the emulators. */
export interface GroupMessageCost {
  messages: number;
  members: number;
  /** Summed over the members' user objects. */
  objects: Partial<Record<DoCounter, number>>;
  /** The group's object (GET /v1/admin/stats?group=); empty when it does not count (older build). */
  group: Partial<Record<DoCounter, number>>;
  billed: Billed;
  /** MySQL/Redis went quiet before the counters were read. */
  settled: boolean;
  reloaded: number;
}

export interface GroupSizeResult {
  members: number;
  rate: number;
  createMs: number;
  /** POST /v1/groups answers of 5xx that were retried (should be none). */
  createRetried: string[];
  connectPerSecond: number;
  phase: GroupPhaseSummary;
  cost?: GroupMessageCost;
  /** The same group again with every member sending `group_read` for what arrives (--group-reads). */
  withReads?: { phase: GroupPhaseSummary; cost?: GroupMessageCost };
}

export interface BusyGroupsResult {
  groups: number;
  members: number;
  window: number;
  createPerSecond: number;
  createRetried: string[];
  connectPerSecond: number;
  phase: GroupPhaseSummary;
}

export interface GroupsResult {
  sizes: GroupSizeResult[];
  busy?: BusyGroupsResult;
  ms: number;
}

/** Users seeded for the group phases (before the stack is busy): one group per size, then the busy groups. */
export interface GroupsPlan {
  sizes: PlannedGroup[];
  busy: PlannedGroup[];
}

export interface GroupsOptions {
  api: string;
  adminToken: string;
  target: Target;
  billing: Billing;
  procs: Record<string, number | undefined>;
  sizes: number[];
  /** Messages per second into each sized group. */
  rate: number;
  busy?: { groups: number; members: number };
  window: number;
  durationMs: number;
  body: string;
  connectConcurrency: number;
  ackDelayMs: number;
  /** The cost counters read around each sized group's phase. */
  cost: boolean;
  /** Each sized group a second time with members reading. */
  reads: boolean;
  progress(line: string): void;
}

/** Longer than the call queue's retry backoff, as for 1:1 (run-system.ts). */
const DRAIN_TIMEOUT_MS = 35_000;
const CREATE_CONCURRENCY = 8;
/** Hundreds of online members refresh their presence in Redis all the time: wait for MySQL only. */
const QUIET = { mysqlOnly: true, quietMs: 500, capMs: 10_000 };
/** Members report delivered positions at most once a second, the group sends receipts as often. */
const AFTERMATH_MS = 2_000;

export async function seedGroupsPlan(seeder: Seeder, opts: Pick<GroupsOptions, "sizes" | "busy">): Promise<GroupsPlan> {
  const sizes: PlannedGroup[] = [];
  for (const size of opts.sizes) sizes.push(...(await seedGroups(seeder, 1, size)));
  const busy = opts.busy ? await seedGroups(seeder, opts.busy.groups, opts.busy.members) : [];
  return { sizes, busy };
}

function summarize(r: GroupPhaseResult, procs: Record<string, ProcUsage>): GroupPhaseSummary {
  const { ackMs, deliveryMs, allMembersMs, firstSentAt: _f, lastReceivedAt: _l, ...rest } = r;
  return { ...rest, delivery: percentiles(deliveryMs), allMembers: percentiles(allMembersMs), ack: percentiles(ackMs), procs };
}

/** The group object's `cost.*` tallies since it loaded (none before it counted them). */
async function groupCost(opts: Pick<GroupsOptions, "api" | "adminToken">, groupId: string): Promise<Tallies> {
  const res = await fetch(`${opts.api}/v1/admin/stats?group=${groupId}`, { headers: { Authorization: `Bearer ${opts.adminToken}` } });
  if (!res.ok) throw new Error(`admin stats ?group=${groupId}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { group?: { cost?: Tallies } }).group?.cost ?? {};
}

/** after − before per counter; a counter that went back means the object reloaded: counted from zero. */
function groupDelta(before: Tallies, after: Tallies): Partial<Record<DoCounter, number>> {
  const reloaded = Object.keys(after).some((k) => (after[k] ?? 0) < (before[k] ?? 0));
  const out: Partial<Record<DoCounter, number>> = {};
  for (const [k, v] of Object.entries(after)) if (k.startsWith("cost.")) out[k as DoCounter] = v - (reloaded ? 0 : (before[k] ?? 0));
  return out;
}

async function closeAll(sockets: UserSocket[]): Promise<void> {
  for (let i = 0; i < sockets.length; i += 500) await Promise.all(sockets.slice(i, i + 500).map((s) => s.close()));
}

/** Creates the groups, connects every member, runs `phase`, closes the sockets. */
async function withGroups<T>(
  opts: GroupsOptions,
  plans: PlannedGroup[],
  tag: string,
  phase: (ctx: GroupPhaseContext, created: { perSecond: number; p50: number; retried: string[]; connectPerSecond: number }) => Promise<T>,
): Promise<T> {
  const positions: GroupPositions = new Map();
  // Until the phase starts, a ledger with no messages keeps each member's position in each group.
  let tracker: Tracker = createGroupLedger(positions);
  const t0 = performance.now();
  const { ids, latenciesMs, retried } = await createGroups(opts.api, plans, tag, CREATE_CONCURRENCY, (n) =>
    opts.progress(`${tag}: ${n}/${plans.length} groups created (POST /v1/groups)`),
  );
  const createPerSecond = (plans.length / (performance.now() - t0)) * 1000;
  const users = plans.flatMap((p) => p.members);
  const { sockets, perSecond } = await connectMembers(
    opts.target,
    users,
    opts.connectConcurrency,
    () => tracker,
    opts.ackDelayMs,
    (n) => opts.progress(`${tag}: ${n}/${users.length} members connected`),
  );
  try {
    const groups: LoadedGroup[] = [];
    let at = 0;
    for (const [i, plan] of plans.entries()) {
      groups.push({ groupId: ids[i]!, sockets: sockets.slice(at, at + plan.members.length) });
      at += plan.members.length;
    }
    const ctx: GroupPhaseContext = {
      groups,
      positions,
      setTracker: (t) => void (tracker = t),
      body: opts.body,
      tag,
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
      progress: opts.progress,
    };
    return await phase(ctx, { perSecond: createPerSecond, p50: percentiles(latenciesMs).p50, retried, connectPerSecond: perSecond });
  } finally {
    await closeAll(sockets);
  }
}

/** Runs `phase` between two reads of the members' and the group's counters and the emulators'. */
async function measured(
  opts: GroupsOptions,
  probe: Tallies,
  uids: number[],
  groupId: string,
  tag: string,
  phase: () => Promise<GroupPhaseResult>,
): Promise<{ result: GroupPhaseResult; cost: GroupMessageCost }> {
  opts.progress(`${tag}: reading ${uids.length} members' counters`);
  const before = {
    objects: await objectStats(opts, uids),
    group: await groupCost(opts, groupId),
    billing: (await settle(opts.billing, QUIET)).snapshot,
  };
  const result = await phase();
  // The members' delivered reports and the group's receipt rounds go out up to a second later.
  await new Promise((resolve) => setTimeout(resolve, AFTERMATH_MS));
  const after = await settle(opts.billing, QUIET);
  opts.progress(`${tag}: reading ${uids.length} members' counters`);
  const { sums, reloaded } = objectDeltas(before.objects, await objectStats(opts, uids), probe);
  return {
    result,
    cost: {
      messages: result.sent,
      members: uids.length,
      objects: sums,
      group: groupDelta(before.group, await groupCost(opts, groupId)),
      billed: billedBetween(before.billing, after.snapshot),
      settled: after.settled,
      reloaded,
    },
  };
}

/**
 * One group of `plan.members.length`, every member online, `opts.rate` messages/s for the
 * duration; with `opts.reads` once more with every member reading what arrives.
 */
async function runSize(opts: GroupsOptions, plan: PlannedGroup, probe: Tallies | undefined): Promise<GroupSizeResult> {
  const size = plan.members.length;
  const uids = plan.members.map((u) => u.id);
  return withGroups(opts, [plan], `group of ${size}`, async (ctx, created) => {
    const groupId = ctx.groups[0]!.groupId;
    const run = async (reads: boolean) => {
      const w = watch(opts.procs);
      const phase = () => groupFixedRate({ ...ctx, reads, tag: reads ? `${ctx.tag} reading` : ctx.tag }, opts.rate, opts.durationMs);
      const { result, cost } = probe
        ? await measured(opts, probe, uids, groupId, ctx.tag, phase)
        : { result: await phase(), cost: undefined };
      return { phase: summarize(result, w.end()), cost };
    };
    const acks = await run(false);
    return {
      members: size,
      rate: opts.rate,
      createMs: created.p50,
      createRetried: created.retried,
      connectPerSecond: created.connectPerSecond,
      ...acks,
      withReads: opts.reads ? await run(true) : undefined,
    };
  });
}

export async function runGroups(opts: GroupsOptions, plan: GroupsPlan): Promise<GroupsResult> {
  const t0 = performance.now();
  const sizes: GroupSizeResult[] = [];
  // What one stats() read adds to a user object's counters, from the first group's members.
  const probe =
    opts.cost && plan.sizes[0]
      ? await calibrateProbe(
          opts,
          plan.sizes[0].members.map((u) => u.id),
        )
      : undefined;
  for (const group of plan.sizes) {
    opts.progress(`groups: ${group.members.length} members, ${opts.rate} msg/s for ${opts.durationMs / 1000} s`);
    sizes.push(await runSize(opts, group, probe));
  }
  let busy: BusyGroupsResult | undefined;
  if (opts.busy && plan.busy.length > 0) {
    const { groups, members } = opts.busy;
    busy = await withGroups(opts, plan.busy, `${groups} groups of ${members}`, async (ctx, created) => {
      const w = watch(opts.procs);
      const r = await groupsBusy(ctx, opts.window, opts.durationMs);
      return {
        groups,
        members,
        window: opts.window,
        createPerSecond: created.perSecond,
        createRetried: created.retried,
        connectPerSecond: created.connectPerSecond,
        phase: summarize(r, w.end()),
      };
    });
  }
  return { sizes, busy, ms: performance.now() - t0 };
}
