// The group object's SQLite schema: few tables (local workerd caps SQLite memory for all objects
// together, and each distinct statement stays prepared per object). Tables exist only once the
// group is created: an object asked about an unknown id writes nothing and leaves nothing behind.
import { addColumn } from "../user-session/storage";

/** Stored in kv as `schema_version` (groups created before attachments have none: version 1). */
export const GROUP_SCHEMA_VERSION = 3;

// Messages with an attachment by file id, for fileAccess (partial: entries without a file cost nothing).
const LOG_FILE_INDEX = `CREATE INDEX IF NOT EXISTS log_file ON log (json_extract(file, '$.id')) WHERE file IS NOT NULL`;

const SCHEMA = [
  // Settings (name, topic, owner, ...), the last seq, counters: small values by key.
  `CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // Current members with their positions in the log (cumulative, never back).
  `CREATE TABLE IF NOT EXISTS members (uid INTEGER PRIMARY KEY, role TEXT NOT NULL, joined_at INTEGER NOT NULL,
     joined_after_seq INTEGER NOT NULL, read_seq INTEGER NOT NULL DEFAULT 0, delivered_seq INTEGER NOT NULL DEFAULT 0)`,
  // The log: messages and system changes in one gap-free sequence. (sender, client_msg_id) is the
  // idempotency key of a message; body_hash (of the body and file id) tells a retry from a reuse of
  // the key. `file`: the attachment's metadata as JSON (../user-session/attachments.ts).
  `CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, message_id TEXT UNIQUE, sender INTEGER NOT NULL,
     client_msg_id TEXT, body TEXT, body_hash TEXT, mentions TEXT NOT NULL DEFAULT '[]', mentions_all INTEGER NOT NULL DEFAULT 0,
     change TEXT, at INTEGER NOT NULL, recalled_at INTEGER, file TEXT, edited_at INTEGER, UNIQUE (sender, client_msg_id))`,
  LOG_FILE_INDEX,
  // Invite links: the token's SHA-256, never the token itself.
  `CREATE TABLE IF NOT EXISTS invites (token_hash TEXT PRIMARY KEY, created_by INTEGER NOT NULL, expires_at INTEGER NOT NULL)`,
  // The call queue (../user-session/call-queue.ts, same shape): events for members' objects.
  `CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, target INTEGER NOT NULL, method TEXT NOT NULL,
     args TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL)`,
  // The MySQL write-behind queue (write-behind.ts).
  `CREATE TABLE IF NOT EXISTS mysql_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, op TEXT NOT NULL, args TEXT NOT NULL)`,
];

/** Whether this object holds a group (reads sqlite_master only: writes nothing). */
export function hasTables(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kv'").toArray().length > 0;
}

/** Creates the tables, as one statement (inside the create transaction). */
export function createTables(sql: SqlStorage): void {
  sql.exec(SCHEMA.join(";\n"));
  setKv(sql, "schema_version", GROUP_SCHEMA_VERSION);
}

/** Steps from version n-1 to n, for groups created before them. */
const STEPS: Record<number, ((sql: SqlStorage) => void)[]> = {
  // Attachments: the log's `file` column and its index.
  2: [addColumn("log", "file", "TEXT"), (sql) => sql.exec(LOG_FILE_INDEX)],
  // Edits: when the sender last edited a message.
  3: [addColumn("log", "edited_at", "INTEGER")],
};

/**
 * Brings an existing group's tables to GROUP_SCHEMA_VERSION in one transaction, on load. An object
 * without tables (never created, or dissolved and deleted) stays unwritten; one at the latest
 * version reads two rows.
 */
export function upgradeTables(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  if (!hasTables(sql)) return;
  const from = Number(getKv(sql, "schema_version") ?? 1);
  if (from >= GROUP_SCHEMA_VERSION) return;
  storage.transactionSync(() => {
    for (let v = from + 1; v <= GROUP_SCHEMA_VERSION; v++) for (const step of STEPS[v] ?? []) step(sql);
    setKv(sql, "schema_version", GROUP_SCHEMA_VERSION);
  });
}

export function getKv(sql: SqlStorage, key: string): string | undefined {
  return sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = ?", key).toArray()[0]?.value;
}

export function setKv(sql: SqlStorage, key: string, value: string | number): void {
  sql.exec("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, String(value));
}
