// Reads MySQL itself (through the app's own Drizzle), never the history route: the route answers
// from the owner's Durable Object log while writes are queued, so it cannot prove anything was stored.
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { expect } from "vitest";
import type { SentFrame } from "../../client";
import { conversationKey, conversationOwner, logPage } from "../../durable-objects/user-session/conversation-log";
import { mysqlBacklog } from "../../durable-objects/user-session/write-behind";
import type { HistoryMessage } from "../../protocol/history";
import { messages } from "../../schema";
import { getDb } from "../../workers/lib/db";
import { inUserObject, sleep, userStub, waitFor } from "./chat-fixtures";

export const testDb = () => getDb(env);

/** Every row of a conversation in MySQL, by seq. */
export async function mysqlRows(a: number, b: number) {
  return testDb()
    .select()
    .from(messages)
    .where(eq(messages.conversationKey, conversationKey(a, b)))
    .orderBy(asc(messages.seq));
}

/** Waits until the conversation owner's write-behind queue is empty (everything it acked was applied or parked). */
export async function writeBehindDrained(a: number, b: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => (await userStub(conversationOwner(a, b)).stats()).mysqlBacklog === 0,
    timeoutMs,
    "write-behind backlog to drain",
  );
}

/** One acked send: the ack plus what the test knows it sent. */
export interface AckedSend {
  ack: SentFrame;
  from: number;
  body: string | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** MySQL rows in the shape the owner's log pages them in (HistoryMessage), oldest first. */
async function mysqlAsHistory(a: number, b: number): Promise<HistoryMessage[]> {
  return (await mysqlRows(a, b)).map((r) => ({
    messageId: r.id,
    conversation: r.conversationKey,
    seq: r.seq,
    from: r.senderId,
    to: r.recipientId,
    clientMsgId: r.clientMsgId,
    body: r.body,
    status: r.status,
    sentAt: r.sentAt.toISOString(),
    deliveredAt: iso(r.deliveredAt),
    readAt: iso(r.readAt),
    recalledAt: iso(r.recalledAt),
  }));
}

/**
 * Waits until MySQL holds exactly what the conversation owner's log holds (statuses and receipt
 * times included), reading the log only when its write-behind queue is empty; fails with the
 * difference after the deadline.
 */
export async function expectMysqlMatchesOwnerLog(a: number, b: number, timeoutMs = 30_000): Promise<HistoryMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await inUserObject(conversationOwner(a, b), (sql) =>
      mysqlBacklog(sql) === 0 ? logPage(sql, conversationKey(a, b), undefined, 10_000).reverse() : undefined,
    );
    const stored = await mysqlAsHistory(a, b);
    if (log !== undefined && JSON.stringify(log) === JSON.stringify(stored)) return stored;
    if (Date.now() > deadline) {
      expect(log, "the owner's write-behind queue never drained").toBeDefined();
      expect(stored).toEqual(log);
    }
    await sleep(100);
  }
}

/**
 * Once the owner's queue is drained, checks MySQL row by row against the acks (the same ids, seqs,
 * senders, recipients, client ids, bodies and sentAt, and no row that was never acked) and
 * against the owner's log (statuses and receipt times).
 */
export async function expectStoredInMysql(a: number, b: number, sent: AckedSend[], timeoutMs = 30_000) {
  await expectMysqlMatchesOwnerLog(a, b, timeoutMs);
  const rows = await mysqlRows(a, b);
  const expected = [...sent]
    .sort((x, y) => x.ack.seq - y.ack.seq)
    .map(({ ack, from, body }) => ({
      id: ack.messageId,
      conversationKey: conversationKey(a, b),
      seq: ack.seq,
      senderId: from,
      recipientId: ack.to,
      clientMsgId: ack.clientMsgId,
      body,
      sentAt: new Date(ack.sentAt),
    }));
  expect(
    rows.map(({ id, conversationKey: c, seq, senderId, recipientId, clientMsgId, body, sentAt }) => ({
      id,
      conversationKey: c,
      seq,
      senderId,
      recipientId,
      clientMsgId,
      body,
      sentAt,
    })),
  ).toEqual(expected);
  return rows;
}
