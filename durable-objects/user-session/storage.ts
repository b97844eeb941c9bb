// The Durable Object's SQLite schema. This object is the single writer for its user's state,
// so no locks are needed; every multi-row change runs in one transactionSync.

const SCHEMA = [
  // The user's event stream: every durable event for their devices, in order.
  `CREATE TABLE IF NOT EXISTS events (eseq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, body TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  // Per-device cumulative ack into the stream.
  `CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, acked INTEGER NOT NULL, last_seen INTEGER NOT NULL)`,
  // Messages of conversations this object owns (it owns those where its uid is the smaller).
  `CREATE TABLE IF NOT EXISTS conv_log (message_id TEXT PRIMARY KEY, conversation TEXT NOT NULL, seq INTEGER NOT NULL,
     sender INTEGER NOT NULL, recipient INTEGER NOT NULL, client_msg_id TEXT NOT NULL, body TEXT, sent_at INTEGER NOT NULL,
     delivered_at INTEGER, read_at INTEGER, recalled_at INTEGER, UNIQUE (conversation, seq), UNIQUE (sender, client_msg_id))`,
  `CREATE TABLE IF NOT EXISTS conv_seq (conversation TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)`,
  // Acks already given for this user's sends, so a retried clientMsgId gets the same answer.
  `CREATE TABLE IF NOT EXISTS sent_index (client_msg_id TEXT PRIMARY KEY, message_id TEXT NOT NULL, seq INTEGER NOT NULL,
     recipient INTEGER NOT NULL, sent_at INTEGER NOT NULL)`,
  // Per conversation (by peer): how far this user has read and been delivered.
  `CREATE TABLE IF NOT EXISTS conv_state (peer INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL DEFAULT 0,
     read_seq INTEGER NOT NULL DEFAULT 0, delivered_seq INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS unread (peer INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (peer, seq))`,
  // Calls to other users' objects (or this one), retried until they succeed, in order per target.
  `CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, target INTEGER NOT NULL, method TEXT NOT NULL,
     args TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL)`,
  // MySQL writes not yet applied (write-behind), in order.
  `CREATE TABLE IF NOT EXISTS mysql_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, op TEXT NOT NULL, args TEXT NOT NULL)`,
  // Messages MySQL refused because a different row holds one of their keys (mysql-writer.ts).
  `CREATE TABLE IF NOT EXISTS mysql_clashes (message_id TEXT PRIMARY KEY, clashing_id TEXT, message TEXT NOT NULL, at INTEGER NOT NULL)`,
  // Friend cache: refreshed from MySQL on connect, kept current by friend events.
  `CREATE TABLE IF NOT EXISTS friends (id INTEGER PRIMARY KEY, data TEXT NOT NULL, presence TEXT NOT NULL DEFAULT 'offline')`,
  `CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
];

export function migrate(sql: SqlStorage): void {
  for (const statement of SCHEMA) sql.exec(statement);
}

export function getKv(sql: SqlStorage, key: string): string | undefined {
  const row = sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = ?", key).toArray()[0];
  return row?.value;
}

export function setKv(sql: SqlStorage, key: string, value: string | number): void {
  sql.exec("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, String(value));
}

export function incrementKv(sql: SqlStorage, key: string, by = 1): void {
  sql.exec("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + ?", key, String(by), by);
}
