// The Durable Object's SQLite schema. This object is the single writer for its user's state,
// so no locks are needed; every multi-row change runs in one transactionSync.

const CONV_LOG_V2 = `CREATE TABLE IF NOT EXISTS conv_log (message_id TEXT PRIMARY KEY, conversation TEXT NOT NULL, seq INTEGER NOT NULL,
  sender INTEGER NOT NULL, recipient INTEGER NOT NULL, client_msg_id TEXT NOT NULL, body TEXT, sent_at INTEGER NOT NULL,
  delivered_at INTEGER, read_at INTEGER, recalled_at INTEGER, UNIQUE (conversation, seq), UNIQUE (conversation, sender, client_msg_id))`;
// Version 4: `file`, the attachment's metadata (JSON, attachments.ts), and an index of the messages
// with a file by its id, for fileAccess (partial: messages without a file cost no index entry).
const CONV_LOG_V4 = CONV_LOG_V2.replace("body TEXT,", "body TEXT, file TEXT,");
// Version 6: `edited_at`, when the sender last edited the body.
const CONV_LOG_V6 = CONV_LOG_V4.replace("recalled_at INTEGER,", "recalled_at INTEGER, edited_at INTEGER,");
const CONV_LOG_FILE_INDEX = `CREATE INDEX IF NOT EXISTS conv_log_file ON conv_log (json_extract(file, '$.id')) WHERE file IS NOT NULL`;
const SENT_INDEX_V2 = `CREATE TABLE IF NOT EXISTS sent_index (recipient INTEGER NOT NULL, client_msg_id TEXT NOT NULL, message_id TEXT NOT NULL,
  seq INTEGER NOT NULL, sent_at INTEGER NOT NULL, body_hash TEXT, PRIMARY KEY (recipient, client_msg_id))`;

/** The latest schema, created as is in a new object (IF NOT EXISTS: an existing one keeps its tables). */
const SCHEMA = [
  // The user's event stream: every durable event for their devices, in order.
  `CREATE TABLE IF NOT EXISTS events (eseq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, body TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  // Per-device cumulative ack into the stream.
  `CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, acked INTEGER NOT NULL, last_seen INTEGER NOT NULL)`,
  // Messages of conversations this object owns (it owns those where its uid is the smaller).
  // The idempotency key is (conversation, sender, clientMsgId): short ids may repeat across conversations.
  CONV_LOG_V6,
  CONV_LOG_FILE_INDEX,
  `CREATE TABLE IF NOT EXISTS conv_seq (conversation TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)`,
  // How far each conversation's log was pruned after MySQL had the rows (retention.ts).
  `CREATE TABLE IF NOT EXISTS conv_pruned (conversation TEXT PRIMARY KEY, up_to_seq INTEGER NOT NULL)`,
  // Acks already given for this user's sends, so a retry (same recipient, clientMsgId and body) gets the
  // same answer. body_hash (SHA-256) tells a retry from a reuse of the key; null for rows from version 1.
  SENT_INDEX_V2,
  `CREATE INDEX IF NOT EXISTS sent_index_message ON sent_index (message_id)`,
  // Per conversation (by peer): how far this user has read and been delivered.
  `CREATE TABLE IF NOT EXISTS conv_state (peer INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL DEFAULT 0,
     read_seq INTEGER NOT NULL DEFAULT 0, delivered_seq INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS unread (peer INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (peer, seq))`,
  // The call queue (call-queue.ts): calls to other users' objects, retried until they succeed, in order per target.
  `CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, target INTEGER NOT NULL, method TEXT NOT NULL,
     args TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL)`,
  // The write-behind queue (write-behind.ts): MySQL writes not yet applied, in order.
  `CREATE TABLE IF NOT EXISTS mysql_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, op TEXT NOT NULL, args TEXT NOT NULL)`,
  // Messages MySQL refused because a different row holds one of their keys (write-behind.ts).
  `CREATE TABLE IF NOT EXISTS mysql_clashes (message_id TEXT PRIMARY KEY, clashing_id TEXT, message TEXT NOT NULL, at INTEGER NOT NULL)`,
  // Friend cache: refreshed from MySQL on connect, kept current by friend events.
  `CREATE TABLE IF NOT EXISTS friends (id INTEGER PRIMARY KEY, data TEXT NOT NULL, presence TEXT NOT NULL DEFAULT 'offline')`,
  `CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // The groups this user is in (or left: left_seq), their counts and mute (group-membership.ts).
  `CREATE TABLE IF NOT EXISTS my_groups (group_id TEXT PRIMARY KEY, info TEXT, role TEXT NOT NULL DEFAULT 'member',
     last_seq INTEGER NOT NULL DEFAULT 0, read_seq INTEGER NOT NULL DEFAULT 0, muted INTEGER NOT NULL DEFAULT 0,
     marks TEXT NOT NULL DEFAULT '', last_message TEXT, left_seq INTEGER, active_at INTEGER NOT NULL DEFAULT 0)`,
  // "Delete for me" (hidden.ts): hidden messages and "hidden up to seq" per conversation (1:1 key or group id).
  `CREATE TABLE IF NOT EXISTS hidden_messages (conversation TEXT NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (conversation, message_id))`,
  `CREATE TABLE IF NOT EXISTS hidden_upto (conversation TEXT PRIMARY KEY, up_to_seq INTEGER NOT NULL)`,
];

/** Stored in kv as `schema_version`; objects created before versioning are version 1. Bump it for any schema change. */
export const SCHEMA_VERSION = 6;

/**
 * Steps from version n-1 to n: SQL, or a function of the object's SQL. SQLite cannot change a
 * table's constraints, so such a step rebuilds the table: rename, create the new shape, copy the
 * rows, drop the old one. A new column is one ALTER (addColumn).
 */
const MIGRATIONS: Record<number, (string | ((sql: SqlStorage) => void))[]> = {
  // Idempotency keys scoped to the conversation: (conversation, sender, clientMsgId) in the owner's
  // log and (recipient, clientMsgId) in the sender's index, instead of (sender, clientMsgId).
  2: [
    `ALTER TABLE conv_log RENAME TO conv_log_v1`,
    CONV_LOG_V2,
    `INSERT INTO conv_log (message_id, conversation, seq, sender, recipient, client_msg_id, body, sent_at, delivered_at, read_at, recalled_at)
       SELECT message_id, conversation, seq, sender, recipient, client_msg_id, body, sent_at, delivered_at, read_at, recalled_at FROM conv_log_v1`,
    `DROP TABLE conv_log_v1`,
    `ALTER TABLE sent_index RENAME TO sent_index_v1`,
    SENT_INDEX_V2,
    `INSERT INTO sent_index (recipient, client_msg_id, message_id, seq, sent_at) SELECT recipient, client_msg_id, message_id, seq, sent_at FROM sent_index_v1`,
    `DROP TABLE sent_index_v1`,
  ],
  // Groups: the new my_groups table only, which SCHEMA adds.
  3: [],
  // Attachments: the file's metadata on each message of the owner's log (SCHEMA adds the index).
  4: [addColumn("conv_log", "file", "TEXT")],
  // "Delete for me": the new hidden_messages and hidden_upto tables, which SCHEMA adds.
  5: [],
  // Edits: when the sender last edited a message of the owner's log.
  6: [addColumn("conv_log", "edited_at", "INTEGER")],
};

/**
 * Brings this object's tables to SCHEMA_VERSION, all or nothing (one transaction). An object
 * already at the latest version runs one SELECT here: every distinct statement an object runs
 * stays prepared in workerd's per-object statement cache, and local workerd caps all objects'
 * SQLite memory together (docs/performance.md, "Memory per object"). A new object runs the
 * whole schema as one statement string. A new table needs a version bump (its step may be
 * empty): SCHEMA (IF NOT EXISTS) runs after the steps and adds it.
 */
export function migrate(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  const from = storedVersion(sql);
  if (from === SCHEMA_VERSION) return;
  storage.transactionSync(() => {
    if (from !== undefined)
      for (let v = from + 1; v <= SCHEMA_VERSION; v++)
        for (const step of MIGRATIONS[v] ?? []) typeof step === "string" ? sql.exec(step) : step(sql);
    sql.exec(SCHEMA.join(";\n"));
    setKv(sql, "schema_version", SCHEMA_VERSION);
  });
}

/**
 * A step adding a column, skipped when the table has it (SQLite has no ADD COLUMN IF NOT EXISTS):
 * an object whose stored version was set back, or a table the step before created in its latest shape.
 */
export function addColumn(table: string, column: string, type: string): (sql: SqlStorage) => void {
  return (sql) => {
    const has = sql.exec("SELECT 1 FROM pragma_table_info(?) WHERE name = ?", table, column).toArray().length > 0;
    if (!has) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  };
}

/** Undefined for a new object (no tables yet); 1 for one from before versioning. */
function storedVersion(sql: SqlStorage): number | undefined {
  const tables = sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('kv', 'conv_log')")
    .toArray()
    .map((t) => t.name);
  if (!tables.includes("conv_log")) return undefined;
  const stored = tables.includes("kv") ? getKv(sql, "schema_version") : undefined;
  return stored === undefined ? 1 : Number(stored);
}

export function getKv(sql: SqlStorage, key: string): string | undefined {
  const row = sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = ?", key).toArray()[0];
  return row?.value;
}

export function setKv(sql: SqlStorage, key: string, value: string | number): void {
  sql.exec("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, String(value));
}

export function incrementKv(sql: SqlStorage, key: string, by = 1): void {
  sql.exec(
    "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?",
    key,
    String(by),
    by,
  );
}
