import { describe, expect, it } from "vitest";
import { QChatError } from "../../client";
import { connect, friendPair } from "./chat-fixtures";
import { member } from "./friends-fixtures";

describe("1:1 messages", () => {
  it("acks a send with a message id and sequence, and delivers it to the friend", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const sent = await ca.send(b.id, "hello 👋");
    expect(sent).toMatchObject({ type: "sent", to: b.id, seq: 1 });
    expect(sent.messageId).toBeTruthy();
    const got = await cb.nextEvent("message");
    expect(got.message).toMatchObject({ messageId: sent.messageId, from: a.id, to: b.id, seq: 1, body: "hello 👋" });
    const reply = await cb.send(a.id, "hi back");
    expect(reply.seq).toBe(2);
    expect((await ca.nextEvent("message", (e) => e.message.from === b.id)).message.body).toBe("hi back");
    ca.close();
    cb.close();
  });

  it("keeps one sequence per conversation, in order on every device", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const sends = [];
    for (let i = 0; i < 10; i++) sends.push(await (i % 2 ? cb.send(a.id, `b${i}`) : ca.send(b.id, `a${i}`)));
    expect(sends.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const c of [ca, cb]) {
      const seqs = await collectSeqs(c, 10);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
    ca.close();
    cb.close();
  });

  it("echoes a message sent from one device to the sender's other devices", async () => {
    const [a, b] = await friendPair();
    const laptop = await connect(a, "laptop");
    const phone = await connect(a, "phone");
    const sent = await laptop.send(b.id, "from the laptop");
    const echo = await phone.nextEvent("message");
    expect(echo.message).toMatchObject({ messageId: sent.messageId, from: a.id, body: "from the laptop" });
    laptop.close();
    phone.close();
  });

  it("answers a retried clientMsgId with the same ack and delivers once", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    const first = await ca.send(b.id, "once", { clientMsgId: "retry-me" });
    const again = await ca.send(b.id, "once", { clientMsgId: "retry-me" });
    expect({ ...again, id: first.id }).toEqual(first);
    await ca.send(b.id, "marker");
    await cb.nextEvent("message", (e) => e.message.body === "marker");
    expect(cb.events().filter((e) => e.type === "message" && e.message.clientMsgId === "retry-me")).toHaveLength(1);
    ca.close();
    cb.close();
  });

  it("refuses messages to non-friends and to yourself, with typed errors", async () => {
    const a = await member("a");
    const stranger = await member("s");
    const ca = await connect(a);
    await expect(ca.send(stranger.id, "hi")).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    await expect(ca.send(a.id, "me")).rejects.toMatchObject({ code: "CANNOT_MESSAGE_SELF" });
    await expect(ca.send(stranger.id, "x".repeat(4001))).rejects.toBeInstanceOf(QChatError);
    ca.close();
  });
});

/** Waits until `count` message events arrived and returns their sequence numbers in arrival order. */
async function collectSeqs(c: Awaited<ReturnType<typeof connect>>, count: number): Promise<number[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const seqs = c.events().flatMap((e) => (e.type === "message" ? [e.message.seq] : []));
    if (seqs.length >= count || Date.now() > deadline) return seqs;
    await new Promise((r) => setTimeout(r, 50));
  }
}
