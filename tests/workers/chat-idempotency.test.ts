// clientMsgId is the sender's idempotency key within one conversation: the same short ids to two
// friends are two messages each, a retry gets the original ack, a reuse for another body gets a
// typed error and never an ack. History claims are checked in MySQL after the write-behind drains.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ChatConnection, SentFrame } from "../../client";
import { conversationKey, conversationOwner } from "../../durable-objects/user-session/conversation-log";
import { migrate, SCHEMA_VERSION } from "../../durable-objects/user-session/storage";
import { messages } from "../../schema";
import { getDb } from "../../workers/lib/db";
import { connect, inUserObject, userStub, waitFor } from "./chat-fixtures";
import { befriend, member, type Member } from "./friends-fixtures";
import { call } from "./helpers";

/** MySQL's rows of a conversation once its owner has written everything behind. */
async function mysqlRows(a: number, b: number) {
  await waitFor(async () => (await userStub(conversationOwner(a, b)).stats()).mysqlBacklog === 0, 15_000, "write-behind to drain");
  return getDb(env)
    .select()
    .from(messages)
    .where(eq(messages.conversationKey, conversationKey(a, b)))
    .orderBy(asc(messages.seq));
}

const messagesFrom = (c: ChatConnection, from: number) =>
  c.events().flatMap((e) => (e.type === "message" && e.message.from === from ? [e.message] : []));

describe("clientMsgId per conversation", () => {
  it("stores the same short ids sent to two friends as separate messages, each acked as its own", async () => {
    const [alice, bob, carol] = [await member("al"), await member("bo"), await member("ca")];
    await befriend(alice, bob);
    await befriend(alice, carol);
    const [ca, cb, cc] = [await connect(alice), await connect(bob), await connect(carol)];
    const acks = new Map<Member, SentFrame[]>([
      [bob, []],
      [carol, []],
    ]);
    for (const id of ["1", "2"]) {
      for (const peer of [bob, carol]) acks.get(peer)!.push(await ca.send(peer.id, `${id} for ${peer.username}`, { clientMsgId: id }));
    }
    const all = [...acks.values()].flat();
    expect(new Set(all.map((a) => a.messageId)).size).toBe(4);
    expect(acks.get(carol)![0]!.messageId).not.toBe(acks.get(bob)![0]!.messageId);

    for (const [peer, conn] of [
      [bob, cb],
      [carol, cc],
    ] as const) {
      const mine = acks.get(peer)!;
      expect(mine.map((a) => [a.to, a.seq, a.clientMsgId])).toEqual([
        [peer.id, 1, "1"],
        [peer.id, 2, "2"],
      ]);
      const received = await waitFor(
        () => messagesFrom(conn, alice.id).length >= 2 && messagesFrom(conn, alice.id),
        10_000,
        "both messages",
      );
      expect(received.map((m) => [m.messageId, m.body])).toEqual(mine.map((a) => [a.messageId, `${a.clientMsgId} for ${peer.username}`]));
      const rows = await mysqlRows(alice.id, peer.id);
      expect(rows.map((r) => [r.id, r.seq, r.senderId, r.recipientId, r.clientMsgId, r.body, r.status === "recalled"])).toEqual(
        mine.map((a) => [a.messageId, a.seq, alice.id, peer.id, a.clientMsgId, `${a.clientMsgId} for ${peer.username}`, false]),
      );
    }
    for (const c of [ca, cb, cc]) c.close();
  });

  it("answers an exact retry with the original ack, and a reuse for another body with CLIENT_MSG_ID_REUSED", async () => {
    const [alice, bob] = [await member("al"), await member("bo")];
    await befriend(alice, bob);
    const ca = await connect(alice);
    const first = await ca.send(bob.id, "the original", { clientMsgId: "1" });
    const retry = await ca.send(bob.id, "the original", { clientMsgId: "1" });
    expect({ ...retry, id: first.id }).toEqual(first);
    await expect(ca.send(bob.id, "something else", { clientMsgId: "1" })).rejects.toMatchObject({ code: "CLIENT_MSG_ID_REUSED" });

    // The same checks where the sender's index has no record (an ack lost with its object's reply):
    // the conversation's owner tells a retry from a reuse, whichever side owns it.
    await inUserObject(alice.id, (sql) => sql.exec("DELETE FROM sent_index"));
    await expect(ca.send(bob.id, "something else", { clientMsgId: "1" })).rejects.toMatchObject({ code: "CLIENT_MSG_ID_REUSED" });
    const again = await ca.send(bob.id, "the original", { clientMsgId: "1" });
    expect([again.messageId, again.seq]).toEqual([first.messageId, first.seq]);

    const rows = await mysqlRows(alice.id, bob.id);
    expect(rows.map((r) => [r.id, r.seq, r.clientMsgId, r.body])).toEqual([[first.messageId, 1, "1", "the original"]]);
    const history = await call("GET", `/v1/conversations/${alice.id}/messages`, { token: bob.token });
    expect(history.body.messages.map((m: { messageId: string; body: string }) => [m.messageId, m.body])).toEqual([
      [first.messageId, "the original"],
    ]);
    ca.close();
  });
});

describe("object schema migration", () => {
  it("rebuilds a version-1 object's tables with per-conversation keys, keeping every row", async () => {
    const stub = userStub(100_000_000 + Math.floor(Math.random() * 899_999_999));
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      // Back to the version-1 shapes, with rows, and no version recorded (as before versioning).
      sql.exec("DROP TABLE conv_log");
      sql.exec("DROP TABLE sent_index");
      sql.exec("DELETE FROM kv WHERE key = 'schema_version'");
      sql.exec(`CREATE TABLE conv_log (message_id TEXT PRIMARY KEY, conversation TEXT NOT NULL, seq INTEGER NOT NULL,
        sender INTEGER NOT NULL, recipient INTEGER NOT NULL, client_msg_id TEXT NOT NULL, body TEXT, sent_at INTEGER NOT NULL,
        delivered_at INTEGER, read_at INTEGER, recalled_at INTEGER, UNIQUE (conversation, seq), UNIQUE (sender, client_msg_id))`);
      sql.exec(`CREATE TABLE sent_index (client_msg_id TEXT PRIMARY KEY, message_id TEXT NOT NULL, seq INTEGER NOT NULL,
        recipient INTEGER NOT NULL, sent_at INTEGER NOT NULL)`);
      sql.exec("INSERT INTO conv_log VALUES ('m1', '1:2', 1, 1, 2, 'c1', 'hi', 10, 11, NULL, NULL)");
      sql.exec("INSERT INTO sent_index VALUES ('c1', 'm1', 1, 2, 10)");

      migrate(state.storage);

      expect(sql.exec("SELECT value FROM kv WHERE key = 'schema_version'").one().value).toBe(String(SCHEMA_VERSION));
      expect(sql.exec("SELECT message_id, delivered_at FROM conv_log").toArray()).toEqual([{ message_id: "m1", delivered_at: 11 }]);
      expect(sql.exec("SELECT recipient, client_msg_id, message_id, body_hash FROM sent_index").toArray()).toEqual([
        { recipient: 2, client_msg_id: "c1", message_id: "m1", body_hash: null },
      ]);
      // The new keys: the same clientMsgId in another conversation is accepted...
      sql.exec(
        "INSERT INTO conv_log (message_id, conversation, seq, sender, recipient, client_msg_id, body, sent_at) VALUES ('m2', '1:3', 1, 1, 3, 'c1', 'hey', 12)",
      );
      sql.exec("INSERT INTO sent_index (recipient, client_msg_id, message_id, seq, sent_at) VALUES (3, 'c1', 'm2', 1, 12)");
      // ...and twice in one conversation is not.
      expect(() =>
        sql.exec(
          "INSERT INTO conv_log (message_id, conversation, seq, sender, recipient, client_msg_id, body, sent_at) VALUES ('m3', '1:3', 2, 1, 3, 'c1', 'x', 13)",
        ),
      ).toThrow(/UNIQUE/);
      // Running it again changes nothing.
      migrate(state.storage);
      expect(sql.exec("SELECT COUNT(*) AS n FROM conv_log").one().n).toBe(2);
    });
  });
});
