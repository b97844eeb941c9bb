// The write-behind queue: message history on its way to MySQL. The conversation owner queues each
// change in its own storage (durable before the ack); this flushes them in order, in batches, and
// retries when MySQL is slow or down, so chat never waits on MySQL and history always catches up.
// Its SQLite table is still named `mysql_outbox` (renaming it would need a schema step for nothing).
//
// A key clash (a row already in MySQL under this message's (conversation, seq) or (conversation,
// sender, clientMsgId) that is not this message, e.g. left by a restored database or a wiped object) is
// never silent: the existing row is kept untouched (it may be real history), this message is
// parked in the object's `mysql_clashes` table with the id it clashed with, logged as an error
// and counted (`mysql.clashes`, stats().mysqlClashes), and the write-behind moves on.
import { and, eq, inArray, isNull, lte, ne, or, sql as sqlExpr } from "drizzle-orm";
import type { ChatMessage } from "../../protocol/events";
import { messages } from "../../schema";
import { safeCause } from "../../workers/errors";
import { getDb, type Db } from "../../workers/lib/db";
import type { ReceiptUpdate } from "./call-queue";
import type { ObjectServices } from "./object-services";
import { getKv, incrementKv, setKv } from "./storage";

type MysqlWrite =
  | { op: "insert"; message: ChatMessage }
  | { op: "receipt"; update: ReceiptUpdate }
  | { op: "recall"; messageId: string; at: number }
  | { op: "edit"; messageId: string; body: string; at: number };

const BATCH = 200;
const MAX_BACKOFF_MS = 30_000;

export function queueMysqlWrite(sql: SqlStorage, op: MysqlWrite): void {
  sql.exec("INSERT INTO mysql_outbox (op, args) VALUES (?, ?)", op.op, JSON.stringify(op));
}

/** Cheaper than counting: asked on every commit. */
export function hasMysqlBacklog(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM mysql_outbox LIMIT 1").toArray().length > 0;
}

export function mysqlBacklog(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mysql_outbox").one().n;
}

export function mysqlClashes(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mysql_clashes").one().n;
}

interface Clash {
  message: ChatMessage;
  /** The id of the row in the way (null if it vanished before we looked). */
  clashingId: string | null;
}

/** The inserted messages whose row in MySQL is not theirs: a different message holds one of their unique keys. */
async function findClashes(db: Db, inserted: ChatMessage[]): Promise<Clash[]> {
  const stored = await db
    .select({ id: messages.id, conversationKey: messages.conversationKey, seq: messages.seq, senderId: messages.senderId })
    .from(messages)
    .where(
      inArray(
        messages.id,
        inserted.map((m) => m.messageId),
      ),
    );
  const byId = new Map(stored.map((r) => [r.id, r]));
  const isOurs = (m: ChatMessage) => {
    const row = byId.get(m.messageId);
    return row !== undefined && row.conversationKey === m.conversation && row.seq === m.seq && row.senderId === m.from;
  };
  const clashes: Clash[] = [];
  for (const m of inserted.filter((x) => !isOurs(x))) {
    const [inTheWay] = await db
      .select({ id: messages.id })
      .from(messages)
      .where(
        or(
          eq(messages.id, m.messageId),
          and(eq(messages.conversationKey, m.conversation), eq(messages.seq, m.seq)),
          and(eq(messages.conversationKey, m.conversation), eq(messages.senderId, m.from), eq(messages.clientMsgId, m.clientMsgId)),
        ),
      )
      .limit(1);
    clashes.push({ message: m, clashingId: inTheWay?.id ?? null });
  }
  return clashes;
}

async function apply(db: Db, ops: MysqlWrite[]): Promise<Clash[]> {
  const inserts = ops.flatMap((o) => (o.op === "insert" ? [o.message] : []));
  let clashes: Clash[] = [];
  if (inserts.length > 0) {
    // A batch retried after a lost reply re-inserts nothing; whatever was skipped is then
    // checked against what MySQL holds, so a different message under the same key shows. A
    // skipped row counts 0 affected (its update changes nothing): all counted, nothing to check.
    const inserted = await db
      .insert(messages)
      .values(
        inserts.map((m) => ({
          id: m.messageId,
          conversationKey: m.conversation,
          seq: m.seq,
          senderId: m.from,
          recipientId: m.to,
          clientMsgId: m.clientMsgId,
          body: m.body,
          fileId: m.file?.id ?? null,
          sentAt: new Date(m.sentAt),
        })),
      )
      .onDuplicateKeyUpdate({ set: { id: sqlExpr`id` } });
    if (inserted.rowsAffected !== inserts.length) clashes = await findClashes(db, inserts);
  }
  for (const o of coalesceReceipts(ops)) {
    if (o.op === "receipts") {
      await db.update(messages).set(receiptSet(o)).where(receiptScope(o));
    } else if (o.op === "recall") {
      await db
        .update(messages)
        .set({ body: null, status: "recalled", recalledAt: new Date(o.at) })
        .where(eq(messages.id, o.messageId));
    } else if (o.op === "edit") {
      // A recall queued after the edit clears the body again; one before it is kept (status).
      await db
        .update(messages)
        .set({ body: o.body, editedAt: new Date(o.at) })
        .where(and(eq(messages.id, o.messageId), ne(messages.status, "recalled")));
    }
  }
  return clashes;
}

/** A DATETIME(3) literal in UTC, as Drizzle writes a Date column (a raw Date would skip that mapping). */
const mysqlDatetime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

type Mark = { upToSeq: number; at: number };
/** One UPDATE for a conversation's receipts in a batch: its delivered marks, then its read marks. */
type ReceiptStatement = { op: "receipts"; conversation: string; recipient: number; delivered: Mark[]; read: Mark[] };

const last = (marks: Mark[]) => marks[marks.length - 1]?.upToSeq ?? 0;

/** Each message gets the time of the first mark that covers it, as in the owner's log. */
const timeCase = (marks: Mark[]) =>
  sqlExpr`CASE ${sqlExpr.join(
    marks.map((m) => sqlExpr`WHEN ${messages.seq} <= ${m.upToSeq} THEN ${mysqlDatetime(m.at)}`),
    sqlExpr` `,
  )} END`;

/**
 * The columns a receipt statement sets, as the owner's log sets them (a message delivered or read
 * after its recall keeps those times); the status only moves forward and "recalled" stays. Read
 * implies delivered: a read mark sets delivered_at where no delivered mark did. Every expression
 * reads only the row's old values (MySQL would otherwise see earlier assignments).
 */
function receiptSet(o: ReceiptStatement) {
  if (o.read.length === 0)
    return { deliveredAt: timeCase(o.delivered), status: sqlExpr`IF(${messages.status} = 'sent', 'delivered', ${messages.status})` };
  const readUpTo = last(o.read);
  return {
    readAt: sqlExpr`COALESCE(${messages.readAt}, ${timeCase(o.read)})`,
    deliveredAt: sqlExpr`COALESCE(${messages.deliveredAt}, ${timeCase([...o.delivered, ...o.read])})`,
    status: sqlExpr`IF(${messages.status} = 'recalled', ${messages.status}, IF(${messages.readAt} IS NOT NULL OR ${messages.seq} <= ${readUpTo}, 'read', 'delivered'))`,
  };
}

/** The rows a receipt statement changes: those with a mark still to set. */
function receiptScope(o: ReceiptStatement) {
  const readUpTo = last(o.read);
  const scope = and(
    eq(messages.conversationKey, o.conversation),
    eq(messages.recipientId, o.recipient),
    lte(messages.seq, Math.max(last(o.delivered), readUpTo)),
  );
  return and(scope, or(isNull(messages.deliveredAt), and(isNull(messages.readAt), lte(messages.seq, readUpTo))));
}

/**
 * Receipts are cumulative: a conversation's receipts in a batch become one UPDATE (a time per
 * range), delivered marks first, then read marks, as they were queued; a delivered receipt after
 * a read one, or any receipt after a recall, starts a new statement (their order decides which
 * time or status a row gets). Other writes keep their place.
 */
function coalesceReceipts(ops: MysqlWrite[]): (Exclude<MysqlWrite, { op: "receipt" }> | ReceiptStatement)[] {
  const out: (Exclude<MysqlWrite, { op: "receipt" }> | ReceiptStatement)[] = [];
  const open = new Map<string, ReceiptStatement>();
  for (const o of ops) {
    if (o.op !== "receipt") {
      if (o.op === "recall") open.clear();
      out.push(o);
      continue;
    }
    const { kind, conversation, recipient, upToSeq, at } = o.update;
    const key = `${conversation}|${recipient}`;
    let statement = open.get(key);
    if (!statement || (kind === "delivered" && statement.read.length > 0)) {
      statement = { op: "receipts", conversation, recipient, delivered: [], read: [] };
      open.set(key, statement);
      out.push(statement);
    }
    const marks = statement[kind];
    if (upToSeq > last(marks)) marks.push({ upToSeq, at });
  }
  return out;
}

function parkClashes(sql: SqlStorage, clashes: Clash[]): void {
  for (const { message, clashingId } of clashes) {
    console.error(
      JSON.stringify({
        level: "error",
        what: "mysql key clash",
        messageId: message.messageId,
        clashingId,
        conversation: message.conversation,
        seq: message.seq,
        sender: message.from,
        clientMsgId: message.clientMsgId,
      }),
    );
    sql.exec(
      "INSERT OR IGNORE INTO mysql_clashes (message_id, clashing_id, message, at) VALUES (?, ?, ?, ?)",
      message.messageId,
      clashingId,
      JSON.stringify(message),
      Date.now(),
    );
  }
}

/**
 * Applies queued writes in order; inserts of a batch go first, as every update in it refers to an
 * earlier insert. Returns how many were applied and how many inserts clashed (see the top).
 */
export async function flushWriteBehind(
  sql: SqlStorage,
  db: Db,
  transaction: <T>(change: () => T) => T = (change) => change(),
): Promise<{ applied: number; clashes: number }> {
  let applied = 0;
  let clashCount = 0;
  for (;;) {
    const rows = sql.exec<{ id: number; args: string }>("SELECT id, args FROM mysql_outbox ORDER BY id LIMIT ?", BATCH).toArray();
    if (rows.length === 0) return { applied, clashes: clashCount };
    const clashes = await apply(
      db,
      rows.map((r) => JSON.parse(r.args) as MysqlWrite),
    );
    // In the object's transaction: other pending deletes (taken calls, commit.ts) ride along.
    transaction(() => {
      parkClashes(sql, clashes);
      sql.exec("DELETE FROM mysql_outbox WHERE id <= ?", rows[rows.length - 1]!.id);
    });
    applied += rows.length;
    clashCount += clashes.length;
  }
}

/**
 * The alarm's write-behind task: flushes the queue, or on failure returns when to retry (0.5 s
 * doubling to 30 s) while chat goes on; the queue drains in order once MySQL answers.
 */
export async function runWriteBehind(s: Pick<ObjectServices, "sql" | "env" | "metrics" | "transaction">): Promise<number | undefined> {
  if (!hasMysqlBacklog(s.sql)) return undefined;
  try {
    const { clashes } = await flushWriteBehind(s.sql, getDb(s.env), s.transaction);
    if (clashes > 0) s.metrics.add("mysql.clashes", clashes);
    // Written only after failures: a row write per flush otherwise.
    if (Number(getKv(s.sql, "mysql_failures") ?? 0) !== 0) setKv(s.sql, "mysql_failures", 0);
    return undefined;
  } catch (err) {
    incrementKv(s.sql, "mysql_failures");
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Number(getKv(s.sql, "mysql_failures")));
    console.error(
      JSON.stringify({ level: "warn", what: "mysql write-behind", backlog: mysqlBacklog(s.sql), retryInMs: delay, error: safeCause(err) }),
    );
    return Date.now() + delay;
  }
}
