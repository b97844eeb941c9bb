// Cost per operation, counted: isolated phases on users of their own, each measured by deltas of
// the Durable Objects' cost counters (`cost.*` in each object's stats(), read through
// GET /v1/admin/stats?uid=) and of the emulators' MySQL and Redis counters (billing.ts):
//  - 1:1 messages: each user holds two devices; device a sends to its ring neighbour, one message
//    in flight, and the next goes once the recipient's read receipt is back. The recipient's
//    device a sends `read` for every events frame that brings it a message (a client with the chat
//    open); device b only acks. So each message counts its delivered and read receipts and the
//    echo to the sender's other device.
//  - first connects (objects never loaded), disconnects, second connects (known users), logins.
// Runs before the load phases, so no other object's backlog can reach the counters.
import { billedBetween, settle, type Billed, type Billing } from "./billing";
import { openDevices, type Device } from "./cost-devices";
import { loginLoad } from "./http-load";
import type { SeededUser } from "./seed";
import type { ServerFrame } from "../protocol/frames";

/** The objects' counters this table reads (maintained by durable-objects/, flushed with metrics). */
export const DO_COUNTERS = [
  "cost.transactions",
  "cost.rowsWritten",
  "cost.rpcCalls",
  "cost.alarmsSet",
  "cost.framesOut",
  "cost.bytesOut",
] as const;
export type DoCounter = (typeof DO_COUNTERS)[number];

export interface OperationCost {
  operation: string;
  /** How many operations the totals cover. */
  count: number;
  /** Sums over every object involved; undefined when the objects do not count it (yet). */
  objects: Partial<Record<DoCounter, number>>;
  billed: Billed;
  /** Frames and bytes the load client saw, all devices, each way. */
  client: { framesIn: number; bytesIn: number; framesOut: number; bytesOut: number; devices: number };
  /** Devices each operation reaches (for per-device figures). */
  devicesPerOperation: number;
  /** MySQL/Redis went quiet before the counters were read. */
  settled: boolean;
  /** Objects found reloaded between the two reads (their counters restarted): counted from zero. */
  reloaded: number;
  notes: string[];
}

export interface CostResult {
  operations: OperationCost[];
  /** What one stats() read adds to an object's counters, subtracted from every delta. */
  probe: Record<string, number>;
  /** Messages whose echo or copies were missing on some device (should be 0). */
  incomplete: number;
  /** Wall time of all cost phases, settling included. */
  ms: number;
}

export interface CostContext {
  api: string;
  adminToken: string;
  billing: Billing;
  ackDelayMs: number;
  progress(line: string): void;
}

/** Users per cost phase and how long messages flow: a few seconds in all, so --smoke keeps it. */
export function costSizes(smoke: boolean) {
  return smoke
    ? { messaging: 6, connecting: 6, logins: 4, messageMs: 2_000 }
    : { messaging: 20, connecting: 50, logins: 20, messageMs: 5_000 };
}

export type Tallies = Record<string, number>;

/** Each user object's stats() (its live `cost.*` tallies among them), 8 reads at a time. */
export async function objectStats(ctx: Pick<CostContext, "api" | "adminToken">, uids: number[]): Promise<Map<number, Tallies>> {
  const out = new Map<number, Tallies>();
  for (let i = 0; i < uids.length; i += 8) {
    await Promise.all(
      uids.slice(i, i + 8).map(async (uid) => {
        const res = await fetch(`${ctx.api}/v1/admin/stats?uid=${uid}`, { headers: { Authorization: `Bearer ${ctx.adminToken}` } });
        if (!res.ok) throw new Error(`admin stats ?uid=${uid}: HTTP ${res.status} ${await res.text()}`);
        out.set(uid, ((await res.json()) as { user: Tallies }).user);
      }),
    );
  }
  return out;
}

/** Σ over objects of (after − before − one probe), per cost counter; an object whose counters went back restarted. */
export function objectDeltas(before: Map<number, Tallies> | undefined, after: Map<number, Tallies>, probe: Tallies) {
  const sums: Partial<Record<DoCounter, number>> = {};
  let reloaded = 0;
  for (const [uid, a] of after) {
    let b = before?.get(uid) ?? {};
    if (DO_COUNTERS.some((name) => (a[name] ?? 0) < (b[name] ?? 0))) ((b = {}), reloaded++);
    for (const name of DO_COUNTERS) {
      if (a[name] === undefined) continue;
      sums[name] = (sums[name] ?? 0) + Math.max(0, a[name] - (b[name] ?? 0) - (probe[name] ?? 0));
    }
  }
  return { sums, reloaded };
}

function traffic(devices: Device[]) {
  const t = { framesIn: 0, bytesIn: 0, framesOut: 0, bytesOut: 0, devices: devices.length };
  for (const d of devices) for (const k of ["framesIn", "bytesIn", "framesOut", "bytesOut"] as const) t[k] += d.traffic[k];
  return t;
}

/**
 * Runs `phase` between two reads of every object in `uids` and of the emulators. Without
 * `fresh`, the objects are read before; with it they do not exist yet (counters start at zero).
 */
async function measure(
  ctx: CostContext,
  probe: Tallies,
  uids: number[],
  devices: () => Device[],
  opts: { operation: string; fresh?: boolean; devicesPerOperation: number; notes?: string[] },
  phase: () => Promise<number>,
): Promise<OperationCost> {
  const before = opts.fresh ? undefined : await objectStats(ctx, uids);
  const billBefore = (await settle(ctx.billing)).snapshot;
  for (const d of devices()) d.resetTraffic();
  const count = await phase();
  const { snapshot: billAfter, settled } = await settle(ctx.billing);
  const after = await objectStats(ctx, uids);
  const { sums, reloaded } = objectDeltas(before, after, probe);
  const backlog = [...after.values()].reduce((n, t) => n + (t.outbox ?? 0) + (t.mysqlBacklog ?? 0), 0);
  const notes = [...(opts.notes ?? [])];
  if (backlog > 0) notes.push(`${backlog} outbox/MySQL rows still queued when read`);
  return {
    operation: opts.operation,
    count,
    objects: sums,
    billed: billedBetween(billBefore, billAfter),
    client: traffic(devices()),
    devicesPerOperation: opts.devicesPerOperation,
    settled,
    reloaded,
    notes,
  };
}

/** What a stats() read costs an object: two reads in a row, the smallest difference over objects. */
export async function calibrateProbe(ctx: Pick<CostContext, "api" | "adminToken">, uids: number[]): Promise<Tallies> {
  const first = await objectStats(ctx, uids);
  const second = await objectStats(ctx, uids);
  const probe: Tallies = {};
  for (const name of DO_COUNTERS) {
    const diffs = uids.map((uid) => (second.get(uid)?.[name] ?? 0) - (first.get(uid)?.[name] ?? 0));
    probe[name] = Math.max(0, Math.min(...diffs));
  }
  return probe;
}

/** Ring users, two devices each: one message in flight per sender until `durationMs` has passed. */
async function messageLoop(
  users: SeededUser[],
  a: Device[],
  b: Device[],
  durationMs: number,
): Promise<{ done: number; incomplete: number; errors: string[] }> {
  const n = users.length;
  const stopAt = performance.now() + durationMs;
  const awaited = new Array<number>(n).fill(0); // seq whose read receipt sender i waits for (0: none)
  const readSeen = new Array<number>(n).fill(0); // highest read receipt sender i has seen
  const sent = new Array<number>(n).fill(0);
  let done = 0;
  let inFlight = 0;
  const errors: string[] = [];
  const copies = { recipientA: 0, recipientB: 0, echoA: 0, echoB: 0 };
  const sendFrom = (i: number) => {
    const to = users[(i + 1) % n]!.id;
    inFlight++;
    a[i]!.send({ type: "send", id: `c${sent[i]}`, to, clientMsgId: `cost-${users[i]!.id}-${sent[i]!++}`, body: "m".repeat(64) });
  };
  const completeIfRead = (i: number) => {
    if (awaited[i]! === 0 || readSeen[i]! < awaited[i]!) return;
    awaited[i] = 0;
    inFlight--;
    done++;
    if (performance.now() < stopAt) sendFrom(i);
  };
  users.forEach((user, i) => {
    const next = users[(i + 1) % n]!.id;
    const onEvents = (frame: ServerFrame, device: "A" | "B") => {
      if (frame.type !== "events") return;
      const reads = new Map<number, number>();
      for (const e of frame.events) {
        if (e.type === "message" && e.message.to === user.id) {
          copies[`recipient${device}`]++;
          reads.set(e.message.from, Math.max(reads.get(e.message.from) ?? 0, e.message.seq));
        } else if (e.type === "message" && e.message.from === user.id) copies[`echo${device}`]++;
        else if (device === "A" && e.type === "receipt" && e.kind === "read" && e.peerId === next)
          readSeen[i] = Math.max(readSeen[i]!, e.upToSeq);
      }
      // The chat is open on device a: it reads what arrived, one cumulative read per peer and frame.
      if (device === "A") for (const [peerId, upToSeq] of reads) a[i]!.send({ type: "read", id: `r${upToSeq}`, peerId, upToSeq });
      if (device === "A") completeIfRead(i);
    };
    a[i]!.onFrame = (frame) => {
      if (frame.type === "sent") ((awaited[i] = frame.seq), completeIfRead(i));
      else if (frame.type === "error")
        (errors.push(frame.code), inFlight--); // that sender stops
      else onEvents(frame, "A");
    };
    b[i]!.onFrame = (frame) => onEvents(frame, "B");
  });
  for (let i = 0; i < n; i++) sendFrom(i);
  const drainEnd = stopAt + 15_000;
  while ((performance.now() < stopAt || inFlight > 0) && performance.now() < drainEnd) await new Promise((r) => setTimeout(r, 20));
  const total = Object.values(copies);
  return { done, incomplete: Math.max(...total.map((c) => Math.abs(c - done))) + inFlight, errors };
}

export async function runCostPhases(
  ctx: CostContext,
  groups: { messaging: SeededUser[]; connecting: SeededUser[]; logins: SeededUser[] },
  messageMs: number,
): Promise<CostResult> {
  const { messaging, connecting, logins } = groups;
  const t0 = performance.now();
  const operations: OperationCost[] = [];
  const opened: Device[] = [];
  try {
    // ---- connects: objects never loaded, then disconnect, then known users ---------------------
    const connectUids = connecting.map((u) => u.id);
    let conn: Device[] = [];
    ctx.progress(`cost: ${connecting.length} first connects`);
    const probe = await calibrateProbe(
      ctx,
      messaging.map((u) => u.id),
    );
    const connectAll = (operation: string, fresh: boolean) =>
      measure(
        ctx,
        probe,
        connectUids,
        () => conn,
        { operation, fresh, devicesPerOperation: 1 },
        async () => {
          conn = await openDevices(ctx.api, connecting, "cost", ctx.ackDelayMs);
          opened.push(...conn);
          return conn.length;
        },
      );
    operations.push(await connectAll("connect, first (hello)", true));
    ctx.progress(`cost: ${connecting.length} disconnects`);
    operations.push(
      await measure(
        ctx,
        probe,
        connectUids,
        () => conn,
        { operation: "disconnect", devicesPerOperation: 1 },
        async () => {
          await Promise.all(conn.map((d) => d.close()));
          return conn.length;
        },
      ),
    );
    ctx.progress(`cost: ${connecting.length} second connects`);
    operations.push(await connectAll("connect, known user (hello)", false));

    // ---- 1:1 messages with receipts and echo ---------------------------------------------------
    ctx.progress(`cost: ${messaging.length} users x 2 devices connecting`);
    const a = await openDevices(ctx.api, messaging, "cost-a", ctx.ackDelayMs);
    opened.push(...a);
    const b = await openDevices(ctx.api, messaging, "cost-b", ctx.ackDelayMs);
    opened.push(...b);
    let incomplete = 0;
    ctx.progress(`cost: 1:1 messages for ${messageMs / 1000} s`);
    operations.push(
      await measure(
        ctx,
        probe,
        messaging.map((u) => u.id),
        () => [...a, ...b],
        {
          operation: "1:1 message (+ delivered, read, echo)",
          devicesPerOperation: 4,
          notes: [`${messaging.length} users in a ring, 2 devices each, 1 message in flight per sender`],
        },
        async () => {
          const r = await messageLoop(messaging, a, b, messageMs);
          incomplete = r.incomplete + r.errors.length;
          if (r.errors.length > 0) throw new Error(`cost phase: error frames ${r.errors.join(", ")}`);
          return r.done;
        },
      ),
    );

    // ---- logins --------------------------------------------------------------------------------
    ctx.progress(`cost: ${logins.length} logins`);
    operations.push(
      await measure(
        ctx,
        probe,
        [],
        () => [],
        { operation: "login (HTTP)", devicesPerOperation: 0, notes: ["no object involved"] },
        async () => {
          const r = await loginLoad(
            ctx.api,
            logins.map((u) => u.username),
            2,
          );
          if (r.failures.length > 0) throw new Error(`cost logins failed: ${r.failures[0]}`);
          return r.latenciesMs.length;
        },
      ),
    );
    return { operations, probe, incomplete, ms: performance.now() - t0 };
  } finally {
    await Promise.all(opened.map((d) => d.close()));
  }
}
