import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { member } from "./friends-fixtures";
import { connect, friendPair, waitFor } from "./chat-fixtures";

describe("history and conversations", () => {
  it("shows a message as soon as it is acked, before the write-behind reaches MySQL", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const sent = await ca.send(b.id, "just now");
    // No waiting: MySQL is written about 100 ms later; the owner's log answers meanwhile.
    for (const [token, peer] of [
      [a.token, b.id],
      [b.token, a.id],
    ] as const) {
      const res = await call("GET", `/v1/conversations/${peer}/messages?limit=5`, { token });
      expect(res.body.messages[0]).toMatchObject({ messageId: sent.messageId, seq: sent.seq, body: "just now" });
    }
    ca.close();
    cb.close();
  });

  it("pages history newest first with statuses, for both participants only", async () => {
    const [a, b] = await friendPair();
    const outsider = await member("o");
    const ca = await connect(a);
    for (let i = 1; i <= 7; i++) await ca.send(b.id, `h${i}`);
    const page1 = await waitFor(
      async () => {
        const res = await call("GET", `/v1/conversations/${b.id}/messages?limit=3`, { token: a.token });
        return res.body.messages?.length === 3 && res.body.messages[0].seq === 7 && res.body;
      },
      10_000,
      "history written behind",
    );
    expect(page1.messages.map((m: { seq: number }) => m.seq)).toEqual([7, 6, 5]);
    expect(page1.messages[0]).toMatchObject({ from: a.id, to: b.id, body: "h7", status: "sent" });
    const page2 = await call("GET", `/v1/conversations/${b.id}/messages?limit=3&before=${page1.nextBefore}`, { token: a.token });
    expect(page2.body.messages.map((m: { seq: number }) => m.seq)).toEqual([4, 3, 2]);
    const page3 = await call("GET", `/v1/conversations/${b.id}/messages?limit=3&before=${page2.body.nextBefore}`, { token: a.token });
    expect(page3.body).toMatchObject({ nextBefore: null });
    expect(page3.body.messages.map((m: { seq: number }) => m.seq)).toEqual([1]);
    const fromB = await call("GET", `/v1/conversations/${a.id}/messages?limit=100`, { token: b.token });
    expect(fromB.body.messages).toHaveLength(7);
    // An outsider naming either participant only ever names their own conversation with them: none.
    const peek = await call("GET", `/v1/conversations/${a.id}/messages`, { token: outsider.token });
    expect([peek.status, peek.body.error?.code]).toEqual([404, "CONVERSATION_NOT_FOUND"]);
    expect((await call("GET", `/v1/conversations/${a.id}/messages`)).status).toBe(401);
    expect((await call("GET", `/v1/conversations/12/messages`, { token: a.token })).body.error.code).toBe("VALIDATION_FAILED");
    expect((await call("GET", `/v1/conversations/${b.id}/messages?limit=101`, { token: a.token })).status).toBe(400);
    ca.close();
  });

  it("lists conversations with the last message and exact unread counts", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    await ca.send(b.id, "first");
    const last = await ca.send(b.id, "second");
    const list = await waitFor(
      async () => {
        const res = await call("GET", "/v1/conversations", { token: b.token });
        return res.body.conversations?.[0]?.lastMessage.seq === last.seq && res.body.conversations;
      },
      10_000,
      "conversation list",
    );
    expect(list[0]).toMatchObject({ peerId: a.id, unread: 2, lastMessage: { body: "second", from: a.id } });
    const cb = await connect(b);
    await cb.read(a.id, last.seq);
    const after = await call("GET", "/v1/conversations", { token: b.token });
    expect(after.body.conversations[0].unread).toBe(0);
    ca.close();
    cb.close();
  });
});
