// The user's durable event stream: append (idempotent by key), read after a device's cursor,
// cumulative per-device acks, pruning of events every known device has.
import type { EventBody, UserEvent } from "../../protocol/events";
import { getKv, setKv } from "./storage";

/**
 * Device ids the server made up for a socket opened without `?device=`. The prefix is outside
 * what `?device=` accepts, so no client can name one: such a device can never come back, and its
 * cursor is forgotten as soon as its socket closes (it must not hold events back from pruning).
 */
const EPHEMERAL_PREFIX = "anon:";
export const ephemeralDeviceId = () => `${EPHEMERAL_PREFIX}${crypto.randomUUID()}`;
export const isEphemeralDevice = (deviceId: string) => deviceId.startsWith(EPHEMERAL_PREFIX);

/** Appends an event unless one with the same key exists; returns it, or undefined if it was a repeat. */
export function appendEvent(sql: SqlStorage, key: string, body: EventBody): UserEvent | undefined {
  // Check first: a conflicting INSERT would still consume an AUTOINCREMENT number.
  if (sql.exec("SELECT 1 FROM events WHERE key = ?", key).toArray().length > 0) return undefined;
  const inserted = sql
    .exec<{ eseq: number }>(
      "INSERT INTO events (key, body, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING eseq",
      key,
      JSON.stringify(body),
      Date.now(),
    )
    .toArray()[0];
  return inserted ? ({ eseq: inserted.eseq, ...body } as UserEvent) : undefined;
}

export function eventsAfter(sql: SqlStorage, eseq: number, limit: number): UserEvent[] {
  return sql
    .exec<{ eseq: number; body: string }>("SELECT eseq, body FROM events WHERE eseq > ? ORDER BY eseq LIMIT ?", eseq, limit)
    .toArray()
    .map((row) => ({ eseq: row.eseq, ...(JSON.parse(row.body) as EventBody) }) as UserEvent);
}

export function countEventsAfter(sql: SqlStorage, eseq: number): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE eseq > ?", eseq).one().n;
}

/** Highest eseq any device has acknowledged: where a brand-new device starts. */
export function userAcked(sql: SqlStorage): number {
  return Number(getKv(sql, "user_acked") ?? 0);
}

/** Highest eseq dropped by the offline-queue cap (retention.ts): devices behind it have a gap. */
export function droppedUpTo(sql: SqlStorage): number {
  return Number(getKv(sql, "queue_dropped_upto") ?? 0);
}

/**
 * A device's cursor, marking it seen now; a device seen for the first time starts where the
 * user's devices are (and after anything the queue cap dropped).
 */
export function deviceCursor(sql: SqlStorage, deviceId: string): number {
  const row = sql.exec<{ acked: number }>("SELECT acked FROM devices WHERE device_id = ?", deviceId).toArray()[0];
  if (row) {
    sql.exec("UPDATE devices SET last_seen = ? WHERE device_id = ?", Date.now(), deviceId);
    return row.acked;
  }
  const start = Math.max(userAcked(sql), droppedUpTo(sql));
  sql.exec("INSERT INTO devices (device_id, acked, last_seen) VALUES (?, ?, ?)", deviceId, start, Date.now());
  return start;
}

/** A device's cursor as stored, without touching it; -1 for a device not known yet. */
export function knownCursor(sql: SqlStorage, deviceId: string): number {
  return sql.exec<{ acked: number }>("SELECT acked FROM devices WHERE device_id = ?", deviceId).toArray()[0]?.acked ?? -1;
}

/** Moves a device's cursor forward (past events the queue cap dropped). */
export function advanceDevice(sql: SqlStorage, deviceId: string, to: number): void {
  sql.exec("UPDATE devices SET acked = MAX(acked, ?) WHERE device_id = ?", to, deviceId);
}

/** Forgets a device's cursor: it no longer holds events back. */
export function forgetDevice(sql: SqlStorage, deviceId: string): void {
  sql.exec("DELETE FROM devices WHERE device_id = ?", deviceId);
}

/**
 * Records a cumulative ack. Returns the range (previous user-level ack, new one] when this ack
 * moved the user-level mark, i.e. events that reached a device for the first time.
 */
export function ackEvents(sql: SqlStorage, deviceId: string, upTo: number): { from: number; to: number } | undefined {
  const last = sql.exec<{ eseq: number | null }>("SELECT MAX(eseq) AS eseq FROM events").one().eseq ?? 0;
  const acked = Math.min(upTo, Math.max(last, userAcked(sql)));
  sql.exec(
    "INSERT INTO devices (device_id, acked, last_seen) VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET acked = MAX(acked, excluded.acked), last_seen = excluded.last_seen",
    deviceId,
    acked,
    Date.now(),
  );
  const previous = userAcked(sql);
  if (acked <= previous) return undefined;
  setKv(sql, "user_acked", acked);
  return { from: previous, to: acked };
}

/**
 * Deletes events that every known device has acknowledged. A device seen for the first time
 * starts at the user-level ack, so with no devices left that is the bound. Devices unseen for
 * long are forgotten by retention.ts, and events kept for the slowest device are capped there.
 */
export function pruneEvents(sql: SqlStorage): void {
  const row = sql.exec<{ low: number | null }>("SELECT MIN(acked) AS low FROM devices").one();
  const low = Math.min(row.low ?? Number.MAX_SAFE_INTEGER, userAcked(sql));
  if (low > 0) sql.exec("DELETE FROM events WHERE eseq <= ?", low);
}
