import { describe, expect, it } from "vitest";
import { befriend, member } from "./friends-fixtures";
import { connect, friendPair, inUserObject, rawSocket, sleep, waitFor } from "./chat-fixtures";

describe("offline delivery and receipts", () => {
  it("queues messages for an offline user and drains them in order, exactly once", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const sent = [];
    for (let i = 1; i <= 30; i++) sent.push(await ca.send(b.id, `m${i}`));
    const cb = await connect(b, "phone");
    expect(cb.hello.unread).toEqual([{ peerId: a.id, count: 30, lastSeq: 30 }]);
    const bodies = await waitFor(() => {
      const got = cb.events().flatMap((e) => (e.type === "message" ? [e.message.body] : []));
      return got.length >= 30 && got;
    });
    expect(bodies).toEqual(sent.map((_, i) => `m${i + 1}`));
    cb.close();
    await cb.closed;
    // Reconnecting the same device gets nothing again.
    const again = await connect(b, "phone");
    expect(again.hello.pending).toBe(0);
    await ca.send(b.id, "after");
    const next = await again.nextEvent("message");
    expect(next.message.body).toBe("after");
    expect(again.events().filter((e) => e.type === "message")).toHaveLength(1);
    ca.close();
    again.close();
  });

  it("sends a delivered receipt when the first device acks and a read receipt when read", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const m1 = await ca.send(b.id, "one");
    const m2 = await ca.send(b.id, "two");
    const cb = await connect(b);
    await waitFor(() => cb.events().filter((e) => e.type === "message").length === 2);
    const delivered = await ca.nextEvent("receipt", (e) => e.kind === "delivered");
    expect(delivered).toMatchObject({ peerId: b.id, upToSeq: m2.seq });
    await cb.read(a.id, m1.seq);
    const read = await ca.nextEvent("receipt", (e) => e.kind === "read");
    expect(read).toMatchObject({ peerId: b.id, upToSeq: m1.seq });
    ca.close();
    cb.close();
  });

  it("delivers receipts queued while the sender was offline", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a, "desk");
    const m = await ca.send(b.id, "read me later");
    ca.close();
    await ca.closed;
    const cb = await connect(b);
    await cb.nextEvent("message");
    await cb.read(a.id, m.seq);
    cb.close();
    const back = await connect(a, "desk");
    const kinds = await waitFor(() => {
      const k = back.events().flatMap((e) => (e.type === "receipt" ? [e.kind] : []));
      return k.length >= 2 && k;
    });
    expect(kinds).toEqual(["delivered", "read"]);
    back.close();
  });

  it("treats a read as delivery when it arrives before the ack, and caps a read mark at the last message", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const m1 = await ca.send(b.id, "one");
    // A raw socket that never acks: only the read frame can tell the server the message arrived.
    const rb = await rawSocket(b.token);
    await rb.next("events");
    rb.ws.send(JSON.stringify({ type: "read", id: "r1", peerId: a.id, upToSeq: m1.seq + 50 }));
    await rb.next("ok");
    const receipts = await waitFor(() => {
      const got = ca.events().flatMap((e) => (e.type === "receipt" ? [[e.kind, e.upToSeq]] : []));
      return got.length >= 2 && got;
    });
    expect(receipts).toEqual([
      ["delivered", m1.seq],
      ["read", m1.seq],
    ]);
    rb.ws.close();
    // The next message is unread: the read mark stopped at the last message there was.
    await ca.send(b.id, "two");
    const cb = await connect(b, "phone");
    expect(cb.hello.unread).toEqual([{ peerId: a.id, count: 1, lastSeq: m1.seq + 1 }]);
    ca.close();
    cb.close();
  });

  it("forgets events once every device has acknowledged them", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    // More than one pruning interval (64 events), paced under the per-socket message limit.
    for (let i = 1; i <= 70; i++) {
      await ca.send(b.id, `m${i}`);
      if (i % 30 === 0) await sleep(1_600);
    }
    await waitFor(() => cb.events().filter((e) => e.type === "message").length === 70);
    const left = await waitFor(async () => {
      const n = await inUserObject(b.id, (sql) => sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n);
      return n < 64 && n;
    });
    expect(left).toBeLessThan(64);
    ca.close();
    cb.close();
  });

  it("keeps conversations of three users apart, each in its own order", async () => {
    const [a, b] = await friendPair();
    const c = await member("c");
    await befriend(c, b);
    const ca = await connect(a);
    const cc = await connect(c);
    for (let i = 1; i <= 5; i++) {
      await ca.send(b.id, `a${i}`);
      await cc.send(b.id, `c${i}`);
    }
    const cb = await connect(b);
    const byPeer = await waitFor(() => {
      const msgs = cb.events().flatMap((e) => (e.type === "message" ? [e.message] : []));
      return msgs.length >= 10 && msgs;
    });
    expect(byPeer.filter((m) => m.from === a.id).map((m) => [m.seq, m.body])).toEqual([1, 2, 3, 4, 5].map((i) => [i, `a${i}`]));
    expect(byPeer.filter((m) => m.from === c.id).map((m) => [m.seq, m.body])).toEqual([1, 2, 3, 4, 5].map((i) => [i, `c${i}`]));
    for (const x of [ca, cb, cc]) x.close();
  });
});
