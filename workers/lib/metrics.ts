// Live metrics without a round trip per message. Each Durable Object tallies its counters in
// memory (frames by type, errors by code, messages, sockets) and its alarm flushes them to Redis
// in one pipeline of HINCRBYs, plus its queue depths as a gauge; a Workers Analytics Engine data
// point goes out per flush where the binding exists (locally it is a no-op). `GET /v1/admin/stats`
// reads it all back. Counts tallied since the last flush are lost if the object is evicted first:
// these are operating counters, not accounting.
import type { Redis } from "./redis";

/** Hash of global counters: field = counter name, value = total since Redis was last emptied. */
export const COUNTERS_KEY = "qchat:metrics";
/** Hash of queue depths: field = uid, value = "outbox,mysqlBacklog,unackedEvents"; only objects with a backlog. */
export const QUEUES_KEY = "qchat:metrics:queues";

/** How long an object keeps tallies before its alarm flushes them: METRICS_FLUSH_SECONDS, default 60. */
export function metricsFlushMs(env: { METRICS_FLUSH_SECONDS?: string }): number {
  const seconds = Number(env.METRICS_FLUSH_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000;
}

/** Counter names, dotted: `frames.<type>`, `errors.frame.<CODE>`, `errors.http.<CODE>`, `messages.*`, `sockets.*`. */
export const counterName = {
  frame: (type: string) => `frames.${type}`,
  frameError: (code: string) => `errors.frame.${code}`,
  httpError: (code: string) => `errors.http.${code}`,
} as const;

export interface Counters {
  add(name: string, by?: number): void;
  /** Current tallies, not reset. */
  snapshot(): Record<string, number>;
  /** Tallies since the last take, reset to empty. */
  take(): Record<string, number>;
  /** Puts tallies back (a flush that failed). */
  restore(counts: Record<string, number>): void;
}

/** `onFirst` runs when the tallies go from empty to non-empty: the owner schedules a flush. */
export function createCounters(onFirst: () => void = () => {}): Counters {
  let pending = new Map<string, number>();
  const totals = new Map<string, number>();
  const add = (name: string, by = 1) => {
    if (pending.size === 0) onFirst();
    pending.set(name, (pending.get(name) ?? 0) + by);
    totals.set(name, (totals.get(name) ?? 0) + by);
  };
  return {
    add,
    snapshot: () => Object.fromEntries(totals),
    take() {
      const out = Object.fromEntries(pending);
      pending = new Map();
      return out;
    },
    restore(counts) {
      for (const [name, by] of Object.entries(counts)) {
        if (pending.size === 0) onFirst();
        pending.set(name, (pending.get(name) ?? 0) + by);
      }
    },
  };
}

export interface QueueDepths {
  outbox: number;
  mysqlBacklog: number;
  unackedEvents: number;
}

/**
 * Adds `counts` to the global counters and records this object's queue depths, in one Redis
 * pipeline; and writes one Analytics Engine data point (blob: uid) when the binding exists.
 */
export async function flushMetrics(
  redis: Redis,
  uid: number,
  counts: Record<string, number>,
  queues: QueueDepths,
  analytics?: AnalyticsEngineDataset,
): Promise<void> {
  const p = redis.pipeline();
  for (const [name, by] of Object.entries(counts)) p.hincrby(COUNTERS_KEY, name, by);
  const backlog = queues.outbox + queues.mysqlBacklog + queues.unackedEvents;
  if (backlog > 0) p.hset(QUEUES_KEY, { [uid]: `${queues.outbox},${queues.mysqlBacklog},${queues.unackedEvents}` });
  else p.hdel(QUEUES_KEY, String(uid));
  await p.exec();
  const names = Object.keys(counts).sort();
  analytics?.writeDataPoint({
    indexes: [String(uid)],
    blobs: names.slice(0, 20),
    doubles: [queues.outbox, queues.mysqlBacklog, queues.unackedEvents, ...names.slice(0, 17).map((n) => counts[n]!)],
  });
}

export interface MetricsSnapshot {
  counters: Record<string, number>;
  queues: { objects: number; outbox: number; mysqlBacklog: number; unackedEvents: number; deepest: { uid: number; depth: number } | null };
}

/** Reads the global counters and sums the queue gauges (O(objects with a backlog)). */
export async function readMetrics(redis: Redis): Promise<MetricsSnapshot> {
  const [counters, queues] = await Promise.all([
    redis.hgetall<Record<string, unknown>>(COUNTERS_KEY),
    redis.hgetall<Record<string, unknown>>(QUEUES_KEY),
  ]);
  const totals = { objects: 0, outbox: 0, mysqlBacklog: 0, unackedEvents: 0 };
  let deepest: { uid: number; depth: number } | null = null;
  for (const [uid, raw] of Object.entries(queues ?? {})) {
    const [outbox = 0, mysql = 0, events = 0] = String(raw).split(",").map(Number);
    totals.objects++;
    totals.outbox += outbox;
    totals.mysqlBacklog += mysql;
    totals.unackedEvents += events;
    const depth = outbox + mysql + events;
    if (!deepest || depth > deepest.depth) deepest = { uid: Number(uid), depth };
  }
  const numeric = Object.fromEntries(
    Object.entries(counters ?? {})
      .map(([k, v]) => [k, Number(v)])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
  return { counters: numeric, queues: { ...totals, deepest } };
}

/** Fields never logged, whatever a caller passes. */
const SECRET_FIELDS = /token|password|secret|body|authorization/i;

/** One structured JSON log line (Workers Logs indexes the fields). */
export function logEvent(level: "info" | "warn" | "error", what: string, fields: Record<string, unknown> = {}): void {
  const safe = Object.fromEntries(Object.entries(fields).filter(([k]) => !SECRET_FIELDS.test(k)));
  const line = JSON.stringify({ level, what, ...safe });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * An error frame sent to a client: counted by code and logged as one line (uid and code only;
 * INTERNAL is already logged with its cause where it was caught).
 */
export function noteFrameError(counters: Counters, uid: number, code: string): void {
  counters.add(counterName.frameError(code));
  if (code !== "INTERNAL") logEvent("info", "frame error", { uid, code });
}
