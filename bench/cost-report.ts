// The "cost per operation" table and issue 11's cost targets, from the cost phases (cost.ts) and
// the emulators' counts around the load phases (MySQL under load).
import type { CostResult, DoCounter, OperationCost } from "./cost";
import type { PhaseSummary } from "./run-system";

export interface PerOperation {
  operation: string;
  count: number;
  transactions?: number;
  rowsWritten?: number;
  rpcCalls?: number;
  alarmsSet?: number;
  mysqlStatements: number;
  redisCommands: number;
  redisRoundTrips: number;
  /** Server -> client, per device the operation reaches (load client's count). */
  framesPerDevice?: number;
  bytesPerDevice?: number;
  /** Client -> server frames per operation, all devices (sends, reads, acks). */
  framesIn: number;
  /** Server frames out per operation as the objects count them. */
  serverFramesOut?: number;
  settled: boolean;
  notes: string[];
}

const per = (total: number | undefined, n: number) => (total === undefined || n === 0 ? undefined : total / n);

export function perOperation(op: OperationCost): PerOperation {
  const n = op.count;
  const o = (name: DoCounter) => per(op.objects[name], n);
  const devices = n * op.devicesPerOperation;
  return {
    operation: op.operation,
    count: n,
    transactions: o("cost.transactions"),
    rowsWritten: o("cost.rowsWritten"),
    rpcCalls: o("cost.rpcCalls"),
    alarmsSet: o("cost.alarmsSet"),
    mysqlStatements: per(op.billed.mysql.statements, n) ?? 0,
    redisCommands: per(op.billed.redis.commands, n) ?? 0,
    redisRoundTrips: per(op.billed.redis.requests, n) ?? 0,
    framesPerDevice: per(op.client.framesIn, devices),
    bytesPerDevice: per(op.client.bytesIn, devices),
    framesIn: per(op.client.framesOut, n) ?? 0,
    serverFramesOut: o("cost.framesOut"),
    settled: op.settled,
    notes: [
      ...op.notes,
      ...(op.reloaded > 0 ? [`${op.reloaded} objects reloaded meanwhile`] : []),
      ...(Object.keys(op.billed.mysql.byKind).length > 0 ? [`MySQL ${JSON.stringify(op.billed.mysql.byKind)}`] : []),
      ...(Object.keys(op.billed.redis.byKeyPrefix).length > 0 ? [`Redis by key ${JSON.stringify(op.billed.redis.byKeyPrefix)}`] : []),
    ],
  };
}

/** MySQL statements and Redis commands per delivered message over a load phase (emulator deltas). */
export function underLoad(p: PhaseSummary | undefined): { mysqlPerMessage: number; redisPerMessage: number } | undefined {
  if (!p?.billed || p.received === 0) return undefined;
  return { mysqlPerMessage: p.billed.mysql.statements / p.received, redisPerMessage: p.billed.redis.commands / p.received };
}

const f = (v: number | undefined, digits = 2) => (v === undefined ? "-" : v.toFixed(digits));

export function costTable(cost: CostResult, load?: { fixed?: PhaseSummary; fast?: PhaseSummary }): string[] {
  const rows = cost.operations.map(perOperation);
  const header = [
    "operation",
    "n",
    "txns",
    "rows wr",
    "RPCs",
    "alarms",
    "MySQL",
    "Redis cmd",
    "Redis RT",
    "frames/dev",
    "bytes/dev",
    "frames in",
  ];
  const body = rows.map((r) => [
    r.operation,
    String(r.count),
    f(r.transactions),
    f(r.rowsWritten),
    f(r.rpcCalls),
    f(r.alarmsSet),
    f(r.mysqlStatements),
    f(r.redisCommands),
    f(r.redisRoundTrips),
    f(r.framesPerDevice),
    f(r.bytesPerDevice, 0),
    f(r.framesIn),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const out = [
    `Cost per operation (deltas around isolated phases, ${(cost.ms / 1000).toFixed(1)} s in all; objects' cost.* counters, emulators' MySQL statements and Redis commands):`,
    `  ${line(header)}`,
    ...body.map((b) => `  ${line(b)}`),
  ];
  for (const r of rows) {
    const extra = [...r.notes, ...(r.settled ? [] : ["MySQL/Redis still moving when read"])];
    if (extra.length > 0) out.push(`  ${r.operation}: ${extra.join("; ")}`);
  }
  if (rows.every((r) => r.transactions === undefined))
    out.push("  (txns, rows wr, RPCs, alarms: the objects report no cost.* counters in this build)");
  out.push(
    "  txns = storage transactions, rows wr = SQLite rows written, RPCs = Durable Object RPC calls, Redis RT = HTTP round trips; summed over every object involved, per operation",
    "  frames/dev, bytes/dev = server frames and bytes each device received per operation; frames in = client frames per operation, all devices",
  );
  for (const [name, phase] of Object.entries(load ?? {})) {
    const u = underLoad(phase);
    if (u)
      out.push(
        `  under load (${name} phase): ${f(u.mysqlPerMessage, 3)} MySQL statements and ${f(u.redisPerMessage, 3)} Redis commands per delivered message`,
      );
  }
  if (Object.values(cost.probe).some((v) => v > 0))
    out.push(`  one stats() read's own cost, subtracted per object: ${JSON.stringify(cost.probe)}`);
  return out;
}

export interface CostTarget {
  target: string;
  measured: string;
  met: boolean | "n/a";
}

/** Issue 11's per-operation targets against the measured figures. */
export function costTargets(cost: CostResult | undefined, load?: { fixed?: PhaseSummary; fast?: PhaseSummary }): CostTarget[] {
  if (!cost) return [];
  const rows = cost.operations.map(perOperation);
  const message = rows.find((r) => r.operation.startsWith("1:1 message"));
  const known = rows.find((r) => r.operation.startsWith("connect, known"));
  const loaded = underLoad(load?.fast) ?? underLoad(load?.fixed);
  const targets: CostTarget[] = [];
  if (message) {
    targets.push({
      target: "per delivered message (with receipts and echo): <= 3 storage transactions, <= 2 RPCs, 0 Redis commands",
      measured: `${f(message.transactions)} transactions, ${f(message.rpcCalls)} RPCs, ${f(message.redisCommands)} Redis commands`,
      met:
        message.transactions === undefined || message.rpcCalls === undefined
          ? "n/a"
          : message.transactions <= 3 && message.rpcCalls <= 2 && message.redisCommands === 0,
    });
  }
  targets.push({
    target: "MySQL writes batched under load: <= 1 statement per 20 messages",
    measured: loaded
      ? `${f(loaded.mysqlPerMessage, 3)} statements per message under load${message ? `; ${f(message.mysqlStatements, 3)} in the cost phase (1 in flight per sender)` : ""}`
      : "not measured",
    met: loaded ? loaded.mysqlPerMessage <= 1 / 20 : "n/a",
  });
  if (known) {
    targets.push({
      target: "hello after the first connect: 0 MySQL statements, <= 1 Redis round trip",
      measured: `${f(known.mysqlStatements)} MySQL statements, ${f(known.redisRoundTrips)} Redis round trips (${f(known.redisCommands)} commands)`,
      met: known.mysqlStatements === 0 && known.redisRoundTrips <= 1,
    });
  }
  return targets;
}
