// Bounds on what a user's object keeps. The offline queue (events some device has not acked) is
// capped by count and age; devices unseen for long are forgotten; the send-retry index and the
// owner's conversation log (once MySQL has the rows) are pruned by age. Cheap checks run on every
// alarm and on connect; the scans (sent_index, conv_log) at most once per PRUNE_SCANS_EVERY_MS.
import { droppedUpTo, isEphemeralDevice, pruneEvents } from "./event-stream";
import { hasMysqlBacklog } from "./write-behind";
import { getKv, setKv } from "./storage";

export interface RetentionSettings {
  /** Events kept for the slowest device, at most (QUEUE_MAX_EVENTS, default 10,000). */
  queueMaxEvents: number;
  /** ...and for at most this long (QUEUE_MAX_DAYS, default 30). */
  queueMaxAgeMs: number;
  /** A named device unseen this long is forgotten (DEVICE_RETENTION_DAYS, default 30). */
  deviceRetentionMs: number;
  /** How long a send can be retried with the same clientMsgId (SEND_DEDUPE_DAYS, default 7). */
  sendDedupeMs: number;
  /** Newest messages per conversation the owner keeps in its log after MySQL has them. */
  logKeepPerConversation: number;
}

const DAY_MS = 24 * 3600_000;
const PRUNE_SCANS_EVERY_MS = 3600_000;
const LOG_KEEP_PER_CONVERSATION = 1_000;

export function readRetention(env: Env): RetentionSettings {
  const num = (raw: string | undefined, fallback: number) => (Number.isFinite(Number(raw)) && Number(raw) > 0 ? Number(raw) : fallback);
  return {
    queueMaxEvents: num(env.QUEUE_MAX_EVENTS, 10_000),
    queueMaxAgeMs: num(env.QUEUE_MAX_DAYS, 30) * DAY_MS,
    deviceRetentionMs: num(env.DEVICE_RETENTION_DAYS, 30) * DAY_MS,
    sendDedupeMs: num(env.SEND_DEDUPE_DAYS, 7) * DAY_MS,
    logKeepPerConversation: LOG_KEEP_PER_CONVERSATION,
  };
}

/**
 * Drops queued events beyond the count or age cap, whoever has not acked them, and remembers
 * the highest eseq dropped: a device whose cursor is below it gets `hello.resync` (replay.ts).
 * Both checks use the primary key and the oldest row only. Returns the highest eseq dropped now.
 */
export function capQueue(sql: SqlStorage, r: RetentionSettings, now = Date.now()): number | undefined {
  const newest = sql.exec<{ eseq: number | null }>("SELECT MAX(eseq) AS eseq FROM events").one().eseq;
  if (newest === null) return undefined;
  // eseqs are (nearly) contiguous, so a range of eseqs is at least as many events.
  let upTo = newest - r.queueMaxEvents;
  const oldest = sql.exec<{ created_at: number }>("SELECT created_at FROM events ORDER BY eseq LIMIT 1").one();
  if (oldest.created_at < now - r.queueMaxAgeMs) {
    // Only when something is due: this one scans.
    const old = sql
      .exec<{ eseq: number | null }>("SELECT MAX(eseq) AS eseq FROM events WHERE created_at < ?", now - r.queueMaxAgeMs)
      .one().eseq;
    upTo = Math.max(upTo, old ?? 0);
  }
  if (upTo <= 0 || sql.exec("SELECT 1 FROM events WHERE eseq <= ? LIMIT 1", upTo).toArray().length === 0) return undefined;
  sql.exec("DELETE FROM events WHERE eseq <= ?", upTo);
  if (upTo > droppedUpTo(sql)) setKv(sql, "queue_dropped_upto", upTo);
  return upTo;
}

/**
 * Forgets unnamed devices without a live socket (their close may have been missed) and named
 * ones unseen for `deviceRetentionMs`. A forgotten named device that comes back is a new device.
 */
export function expireDevices(sql: SqlStorage, live: ReadonlySet<string>, r: RetentionSettings, now = Date.now()): void {
  const rows = sql.exec<{ device_id: string; last_seen: number }>("SELECT device_id, last_seen FROM devices").toArray();
  for (const { device_id: id, last_seen: seen } of rows) {
    if (live.has(id)) continue;
    if (isEphemeralDevice(id) || seen < now - r.deviceRetentionMs) sql.exec("DELETE FROM devices WHERE device_id = ?", id);
  }
}

/** Acks of sends older than the retry window: a retry after that is a new message. */
export function pruneSentIndex(sql: SqlStorage, r: RetentionSettings, now = Date.now()): void {
  sql.exec("DELETE FROM sent_index WHERE sent_at < ?", now - r.sendDedupeMs);
}

/**
 * Drops log rows MySQL already has: only with no MySQL write queued (then every row's insert has
 * been applied), older than the retry window, and never the newest `logKeepPerConversation` of
 * a conversation. `conv_pruned` records how far, for pendingHistory.
 */
export function pruneFlushedLog(sql: SqlStorage, r: RetentionSettings, now = Date.now()): void {
  if (hasMysqlBacklog(sql)) return;
  const candidates = sql
    .exec<{ conversation: string; last_seq: number; pruned: number }>(
      `SELECT s.conversation AS conversation, s.last_seq AS last_seq, COALESCE(p.up_to_seq, 0) AS pruned
       FROM conv_seq s LEFT JOIN conv_pruned p ON p.conversation = s.conversation WHERE s.last_seq - COALESCE(p.up_to_seq, 0) > ?`,
      r.logKeepPerConversation,
    )
    .toArray();
  for (const c of candidates) {
    const old =
      sql
        .exec<{ seq: number | null }>(
          "SELECT MAX(seq) AS seq FROM conv_log WHERE conversation = ? AND seq > ? AND sent_at < ?",
          c.conversation,
          c.pruned,
          now - r.sendDedupeMs,
        )
        .one().seq ?? 0;
    const upTo = Math.min(old, c.last_seq - r.logKeepPerConversation);
    if (upTo <= c.pruned) continue;
    sql.exec("DELETE FROM conv_log WHERE conversation = ? AND seq <= ?", c.conversation, upTo);
    sql.exec(
      "INSERT INTO conv_pruned (conversation, up_to_seq) VALUES (?, ?) ON CONFLICT (conversation) DO UPDATE SET up_to_seq = excluded.up_to_seq",
      c.conversation,
      upTo,
    );
  }
}

/** Highest seq of a conversation pruned from the owner's log (MySQL has those), 0 if none. */
export function logPrunedUpTo(sql: SqlStorage, conversation: string): number {
  return (
    sql.exec<{ up_to_seq: number }>("SELECT up_to_seq FROM conv_pruned WHERE conversation = ?", conversation).toArray()[0]?.up_to_seq ?? 0
  );
}

/** Everything above, for the alarm: cheap bounds every time, the scans once an hour. */
export function pruneStorage(sql: SqlStorage, live: ReadonlySet<string>, r: RetentionSettings, now = Date.now()): void {
  expireDevices(sql, live, r, now);
  pruneEvents(sql);
  capQueue(sql, r, now);
  if (now - Number(getKv(sql, "retention_scanned_at") ?? 0) < PRUNE_SCANS_EVERY_MS) return;
  setKv(sql, "retention_scanned_at", now);
  pruneSentIndex(sql, r, now);
  pruneFlushedLog(sql, r, now);
}
