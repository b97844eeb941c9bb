// The write-behind to MySQL, proven by reading MySQL: every acked message, receipt and recall
// lands there as the owner's log has it, and a row in the way is reported, never hidden.
import { describe, expect, it } from "vitest";
import { conversationKey, conversationOwner } from "../../durable-objects/user-session/conversation-log";
import { messages } from "../../schema";
import { connect, friendPair, inUserObject, userStub } from "./chat-fixtures";
import { expectStoredInMysql, mysqlRows, testDb, writeBehindDrained, type AckedSend } from "./mysql-rows";

describe("MySQL write-behind", () => {
  it("stores acked messages with their receipts and recalls, row by row", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const sent: AckedSend[] = [];
    for (const body of ["one", "two", "three"]) sent.push({ ack: await ca.send(b.id, body), from: a.id, body });
    const cb = await connect(b);
    const reply = await cb.send(a.id, "back at you");
    sent.push({ ack: reply, from: b.id, body: "back at you" });
    await cb.read(a.id, sent[1]!.ack.seq);
    const readReceipt = await ca.nextEvent("receipt", (r) => r.kind === "read");
    await ca.recall(sent[2]!.ack.messageId);
    await cb.nextEvent("recall");
    sent[2]!.body = null;

    const rows = await expectStoredInMysql(a.id, b.id, sent);
    expect(rows.map((r) => r.status)).toEqual(["read", "read", "recalled", expect.stringMatching(/^(sent|delivered)$/)]);
    expect(rows[0]!.readAt?.toISOString()).toBe(readReceipt.at);
    expect(rows[2]!.recalledAt).not.toBeNull();
    ca.close();
    cb.close();
  }, 45_000);

  it("reports a different message under the same key instead of hiding it, and moves on", async () => {
    const [a, b] = await friendPair();
    const owner = conversationOwner(a.id, b.id);
    // Rows that are not ours, already in MySQL: one on (conversation, seq 2), one on (sender, clientMsgId).
    const squatter = {
      id: crypto.randomUUID(),
      conversationKey: conversationKey(a.id, b.id),
      seq: 2,
      senderId: a.id,
      recipientId: b.id,
      clientMsgId: "squatter",
      body: "was here first",
      sentAt: new Date(),
    };
    const namesake = { ...squatter, id: crypto.randomUUID(), seq: 99, clientMsgId: "c-42", body: "same client id" };
    await testDb().insert(messages).values([squatter, namesake]);
    const before = await userStub(owner).stats();

    const ca = await connect(a);
    const first = await ca.send(b.id, "first");
    const second = await ca.send(b.id, "second");
    const third = await ca.send(b.id, "third", { clientMsgId: "c-42" });
    const fourth = await ca.send(b.id, "fourth");
    expect([first.seq, second.seq, third.seq, fourth.seq]).toEqual([1, 2, 3, 4]);
    await writeBehindDrained(a.id, b.id);

    // Both clashes are counted and parked with the id they ran into; the rows in the way are untouched.
    const stats = await userStub(owner).stats();
    expect(stats.mysqlClashes! - before.mysqlClashes!).toBe(2);
    expect(stats["mysql.clashes"]).toBe(2);
    const parked = await inUserObject(owner, (sql) =>
      sql.exec<{ message_id: string; clashing_id: string }>("SELECT message_id, clashing_id FROM mysql_clashes ORDER BY at").toArray(),
    );
    expect(parked).toEqual([
      { message_id: second.messageId, clashing_id: squatter.id },
      { message_id: third.messageId, clashing_id: namesake.id },
    ]);
    const rows = await mysqlRows(a.id, b.id);
    expect(rows.map((r) => [r.seq, r.id, r.body])).toEqual([
      [1, first.messageId, "first"],
      [2, squatter.id, "was here first"],
      [4, fourth.messageId, "fourth"],
      [99, namesake.id, "same client id"],
    ]);
    ca.close();
  });
});
