// The group object's SQLite schema: few tables (local workerd caps SQLite memory for all objects
// together, and each distinct statement stays prepared per object). Tables exist only once the
// group is created: an object asked about an unknown id writes nothing and leaves nothing behind.

const SCHEMA = [
  // Settings (name, topic, owner, ...), the last seq, counters: small values by key.
  `CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // Current members with their positions in the log (cumulative, never back).
  `CREATE TABLE IF NOT EXISTS members (uid INTEGER PRIMARY KEY, role TEXT NOT NULL, joined_at INTEGER NOT NULL,
     joined_after_seq INTEGER NOT NULL, read_seq INTEGER NOT NULL DEFAULT 0, delivered_seq INTEGER NOT NULL DEFAULT 0)`,
  // The log: messages and system changes in one gap-free sequence. (sender, client_msg_id) is the
  // idempotency key of a message; body_hash tells a retry from a reuse of the key.
  `CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, message_id TEXT UNIQUE, sender INTEGER NOT NULL,
     client_msg_id TEXT, body TEXT, body_hash TEXT, mentions TEXT NOT NULL DEFAULT '[]', mentions_all INTEGER NOT NULL DEFAULT 0,
     change TEXT, at INTEGER NOT NULL, recalled_at INTEGER, UNIQUE (sender, client_msg_id))`,
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
}

export function getKv(sql: SqlStorage, key: string): string | undefined {
  return sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = ?", key).toArray()[0]?.value;
}

export function setKv(sql: SqlStorage, key: string, value: string | number): void {
  sql.exec("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, String(value));
}
