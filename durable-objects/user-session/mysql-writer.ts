// Write-behind of message history to MySQL. The conversation owner queues each change in its
// own storage (durable before the ack); this flushes them in order, in batches, and retries
// when MySQL is slow or down, so chat never waits on MySQL and history always catches up.
import { and, eq, inArray, isNull, lte, sql as sqlExpr } from "drizzle-orm";
import type { ChatMessage } from "../../protocol/events";
import { messages } from "../../schema";
import type { Db } from "../../workers/lib/db";
import type { ReceiptUpdate } from "./outbox";

type MysqlOp =
  | { op: "insert"; message: ChatMessage }
  | { op: "receipt"; update: ReceiptUpdate }
  | { op: "recall"; messageId: string; at: number };

const BATCH = 200;

export function enqueueMysql(sql: SqlStorage, op: MysqlOp): void {
  sql.exec("INSERT INTO mysql_outbox (op, args) VALUES (?, ?)", op.op, JSON.stringify(op));
}

/** Cheaper than counting: asked on every commit. */
export function hasMysqlBacklog(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM mysql_outbox LIMIT 1").toArray().length > 0;
}

export function mysqlBacklog(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mysql_outbox").one().n;
}

async function apply(db: Db, ops: MysqlOp[]): Promise<void> {
  const inserts = ops.flatMap((o) => (o.op === "insert" ? [o.message] : []));
  if (inserts.length > 0) {
    // Idempotent: a batch retried after a lost reply re-inserts nothing.
    await db.insert(messages).values(inserts.map((m) => ({
      id: m.messageId, conversationKey: m.conversation, seq: m.seq, senderId: m.from, recipientId: m.to,
      clientMsgId: m.clientMsgId, body: m.body, sentAt: new Date(m.sentAt),
    }))).onDuplicateKeyUpdate({ set: { id: sqlExpr`id` } });
  }
  for (const o of ops) {
    if (o.op === "receipt") {
      const { kind, conversation, recipient, upToSeq } = o.update;
      const at = new Date(o.update.at);
      const scope = and(eq(messages.conversationKey, conversation), eq(messages.recipientId, recipient), lte(messages.seq, upToSeq));
      if (kind === "delivered") {
        await db.update(messages).set({ deliveredAt: at, status: "delivered" })
          .where(and(scope, isNull(messages.deliveredAt), eq(messages.status, "sent")));
      } else {
        await db.update(messages).set({ readAt: at, status: "read", deliveredAt: sqlExpr`COALESCE(${messages.deliveredAt}, ${at})` })
          .where(and(scope, isNull(messages.readAt), inArray(messages.status, ["sent", "delivered"])));
      }
    } else if (o.op === "recall") {
      await db.update(messages).set({ body: null, status: "recalled", recalledAt: new Date(o.at) }).where(eq(messages.id, o.messageId));
    }
  }
}

/** Applies queued writes in order; inserts of a batch go first, as every update in it refers to an earlier insert. */
export async function flushMysql(sql: SqlStorage, db: Db): Promise<{ applied: number; remaining: number }> {
  let applied = 0;
  for (;;) {
    const rows = sql.exec<{ id: number; args: string }>("SELECT id, args FROM mysql_outbox ORDER BY id LIMIT ?", BATCH).toArray();
    if (rows.length === 0) return { applied, remaining: 0 };
    await apply(db, rows.map((r) => JSON.parse(r.args) as MysqlOp));
    sql.exec("DELETE FROM mysql_outbox WHERE id <= ?", rows[rows.length - 1]!.id);
    applied += rows.length;
  }
}
