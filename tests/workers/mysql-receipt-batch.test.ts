// The write-behind coalesces receipts (one UPDATE per conversation and kind per flush): each
// message must still get the time of the first receipt that covered it, as the owner's log has it.
import { describe, expect, it } from "vitest";
import { conversationKey } from "../../durable-objects/user-session/conversation-log";
import { flushWriteBehind, queueMysqlWrite } from "../../durable-objects/user-session/write-behind";
import type { ChatMessage } from "../../protocol/events";
import { inUserObject } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { mysqlRows, testDb } from "./mysql-rows";

describe("MySQL write-behind, receipts in one flush", () => {
  it("gives each message the time of the first receipt covering it, across coalesced and interleaved receipts", async () => {
    const [x, y] = [await member(), await member()];
    const [owner, peer] = x.id < y.id ? [x, y] : [y, x];
    const conversation = conversationKey(owner.id, peer.id);
    const t0 = Date.UTC(2026, 10, 30, 12, 0, 0);
    const at = (s: number) => t0 + s * 1000;
    const message = (seq: number): ChatMessage => ({
      messageId: crypto.randomUUID(),
      conversation,
      seq,
      from: owner.id,
      to: peer.id,
      clientMsgId: `batch-${seq}`,
      body: `m${seq}`,
      sentAt: new Date(at(0)).toISOString(),
    });
    const receipt = (kind: "delivered" | "read", upToSeq: number, seconds: number) =>
      ({ op: "receipt", update: { kind, conversation, recipient: peer.id, upToSeq, at: at(seconds) } }) as const;
    await inUserObject(owner.id, async (sql) => {
      for (const seq of [1, 2, 3, 4]) queueMysqlWrite(sql, { op: "insert", message: message(seq) });
      // delivered 1 then 3 (one UPDATE), read 2 (in between: a delivered after it is a new UPDATE), delivered 4.
      for (const r of [receipt("delivered", 1, 1), receipt("delivered", 3, 2), receipt("read", 2, 3), receipt("delivered", 4, 4)])
        queueMysqlWrite(sql, r);
      await flushWriteBehind(sql, testDb());
    });
    const rows = await mysqlRows(owner.id, peer.id);
    expect(rows.map((r) => [r.seq, r.status, r.deliveredAt?.getTime(), r.readAt?.getTime() ?? null])).toEqual([
      [1, "read", at(1), at(3)],
      [2, "read", at(2), at(3)],
      [3, "delivered", at(2), null],
      [4, "delivered", at(4), null],
    ]);

    // One statement with both kinds over rows a flush before already marked: delivered 2, read 3.
    await inUserObject(owner.id, async (sql) => {
      for (const r of [receipt("delivered", 4, 5), receipt("read", 4, 6)]) queueMysqlWrite(sql, r);
      await flushWriteBehind(sql, testDb());
    });
    expect(
      (await mysqlRows(owner.id, peer.id)).map((r) => [r.seq, r.status, r.deliveredAt?.getTime(), r.readAt?.getTime() ?? null]),
    ).toEqual([
      [1, "read", at(1), at(3)],
      [2, "read", at(2), at(3)],
      [3, "read", at(2), at(6)],
      [4, "read", at(4), at(6)],
    ]);
  });

  it("sets delivered from the read mark where no delivered mark reached, in the same statement", async () => {
    const [x, y] = [await member(), await member()];
    const [owner, peer] = x.id < y.id ? [x, y] : [y, x];
    const conversation = conversationKey(owner.id, peer.id);
    const at = (s: number) => Date.UTC(2026, 10, 30, 13, 0, s);
    await inUserObject(owner.id, async (sql) => {
      for (const seq of [1, 2, 3, 4]) {
        const message: ChatMessage = {
          messageId: crypto.randomUUID(),
          conversation,
          seq,
          from: owner.id,
          to: peer.id,
          clientMsgId: `both-${seq}`,
          body: `m${seq}`,
          sentAt: new Date(at(0)).toISOString(),
        };
        queueMysqlWrite(sql, { op: "insert", message });
      }
      queueMysqlWrite(sql, { op: "receipt", update: { kind: "delivered", conversation, recipient: peer.id, upToSeq: 1, at: at(1) } });
      queueMysqlWrite(sql, { op: "receipt", update: { kind: "read", conversation, recipient: peer.id, upToSeq: 3, at: at(2) } });
      await flushWriteBehind(sql, testDb());
    });
    expect(
      (await mysqlRows(owner.id, peer.id)).map((r) => [r.seq, r.status, r.deliveredAt?.getTime() ?? null, r.readAt?.getTime() ?? null]),
    ).toEqual([
      [1, "read", at(1), at(2)],
      [2, "read", at(2), at(2)],
      [3, "read", at(2), at(2)],
      [4, "sent", null, null],
    ]);
  });
});
