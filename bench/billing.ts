// What PlanetScale and Upstash would bill for a phase: deltas of the emulators' counters
// (GET /__counters, dev/emulators/counters.ts) around it. The objects' own metrics flushes and the
// admin endpoint's reads go to the `qchat:metrics` keys: they are the bench's observation, not the
// operation, so they are set aside by key namespace.
import type { CountersSnapshot } from "../dev/emulators/counters";

/** Redis traffic under these key namespaces is observation (metrics flushes), not the measured work. */
export const OBSERVATION_PREFIXES = ["qchat:metrics"];

export interface Billed {
  mysql: { statements: number; byKind: Record<string, number> };
  /** Commands and HTTP round trips, observation set aside. */
  redis: { commands: number; requests: number; byCommand: Record<string, number>; byKeyPrefix: Record<string, number> };
}

export type Billing = () => Promise<CountersSnapshot>;

export function billingAt(url: string): Billing {
  return async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`emulator counters: HTTP ${res.status}`);
    return (await res.json()) as CountersSnapshot;
  };
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) !== 0) out[k] = v - (before[k] ?? 0);
  return out;
}

const sum = (tally: Record<string, number>) => Object.values(tally).reduce((a, b) => a + b, 0);

export function billedBetween(before: CountersSnapshot, after: CountersSnapshot): Billed {
  const byKeyPrefix = diff(after.upstash.byKeyPrefix, before.upstash.byKeyPrefix);
  const requestsByPrefix = diff(after.upstash.requestsByKeyPrefix, before.upstash.requestsByKeyPrefix);
  for (const prefix of OBSERVATION_PREFIXES) (delete byKeyPrefix[prefix], delete requestsByPrefix[prefix]);
  return {
    mysql: {
      statements: after.planetscale.statements - before.planetscale.statements,
      byKind: diff(after.planetscale.byKind, before.planetscale.byKind),
    },
    redis: {
      commands: sum(byKeyPrefix),
      requests: sum(requestsByPrefix),
      // By name, all namespaces: the observation's HINCRBY/HSET/HDEL may show here.
      byCommand: diff(after.upstash.byCommand, before.upstash.byCommand),
      byKeyPrefix,
    },
  };
}

/** The work still moving the counters: statements, and non-observation commands unless `mysqlOnly`. */
const activity = (s: CountersSnapshot, mysqlOnly: boolean) =>
  s.planetscale.statements +
  (mysqlOnly
    ? 0
    : Object.entries(s.upstash.byKeyPrefix).reduce((n, [prefix, count]) => (OBSERVATION_PREFIXES.includes(prefix) ? n : n + count), 0));

/**
 * Waits until MySQL (and Redis) have been quiet for `quietMs` (the write-behind flushes ~100 ms
 * after a commit, a retried outbox call later), at most `capMs`; returns the last snapshot.
 * `mysqlOnly` for many connected users: each object refreshes its presence in Redis every idle
 * timeout, so a thousand of them are never quiet for long.
 */
export async function settle(
  billing: Billing,
  { quietMs = 400, capMs = 15_000, mysqlOnly = false } = {},
): Promise<{ snapshot: CountersSnapshot; settled: boolean }> {
  const activity_ = (s: CountersSnapshot) => activity(s, mysqlOnly);
  const t0 = performance.now();
  let snapshot = await billing();
  let last = activity_(snapshot);
  let quietSince = performance.now();
  while (performance.now() - quietSince < quietMs) {
    if (performance.now() - t0 > capMs) return { snapshot, settled: false };
    await new Promise((r) => setTimeout(r, 100));
    snapshot = await billing();
    if (activity_(snapshot) !== last) ((last = activity_(snapshot)), (quietSince = performance.now()));
  }
  return { snapshot, settled: true };
}
