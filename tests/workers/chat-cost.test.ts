// What one delivered 1:1 message costs each object, from its `cost.*` counters: the sender (not
// the conversation's owner, the costlier side) on two devices, the recipient (the owner) on one.
// The exact figures are derived in the comments from the code; a change to the hot path that
// moves them must change this test on purpose (and docs/architecture.md's sequence diagram).
import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { friendPair, inUserObject, userStub, waitFor } from "./chat-fixtures";
import { BASE } from "./helpers";

type Frame = Record<string, any>;
const utf8 = new TextEncoder();

/** A socket that records every frame and the bytes it received, and acks only when told to. */
async function device(token: string, deviceId: string) {
  const res = await SELF.fetch(`${BASE}/v1/ws?device=${deviceId}`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` } });
  const ws = res.webSocket!;
  ws.accept();
  const frames: Frame[] = [];
  let bytes = 0;
  ws.addEventListener("message", (e) => {
    bytes += utf8.encode(String(e.data)).byteLength;
    frames.push(JSON.parse(String(e.data)) as Frame);
  });
  const events = () => frames.filter((f) => f.type === "events").flatMap((f) => f.events as Frame[]);
  const waitEvent = (what: string, match: (e: Frame) => boolean) => waitFor(() => events().find(match), 10_000, what);
  await waitFor(() => frames.find((f) => f.type === "hello"), 10_000, "hello");
  return {
    ws,
    frames,
    events,
    waitEvent,
    received: () => ({ frames: frames.length, bytes }),
    send: (frame: Frame) => ws.send(JSON.stringify(frame)),
  };
}

/** Acks everything the device has received (nothing when it has no events). */
function ackAll(d: Awaited<ReturnType<typeof device>>) {
  const eseqs = d.events().map((e) => e.eseq as number);
  if (eseqs.length > 0) d.send({ type: "ack", upTo: Math.max(...eseqs) });
}

const COSTS = ["transactions", "rowsWritten", "rpcCalls", "alarmsSet", "framesOut", "bytesOut"] as const;
type Costs = Record<(typeof COSTS)[number] | "retentionRuns", number>;

async function costsOf(uid: number): Promise<Costs> {
  const stats = await userStub(uid).stats();
  const costs = Object.fromEntries(COSTS.map((c) => [c, stats[`cost.${c}`] ?? 0])) as Costs;
  return { ...costs, retentionRuns: stats["alarm.ran.retention"] ?? 0 };
}

const minus = (after: Costs, before: Costs) =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Costs]])) as Costs;

/** Until this object has nothing queued and its devices' acked events are pruned. */
const settled = (uid: number) =>
  waitFor(
    async () => {
      const s = await userStub(uid).stats();
      const events = await inUserObject(uid, (sql) => sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n);
      return s.outbox === 0 && s.mysqlBacklog === 0 && events === 0;
    },
    10_000,
    `object ${uid} settled`,
  );

describe("cost of one 1:1 message", () => {
  it("counts the sender's and the owner's transactions, rows, RPCs and frames", async () => {
    const [a, b] = await friendPair();
    const [owner, sender] = a.id < b.id ? [a, b] : [b, a];
    const r1 = await device(owner.token, "r1");
    const s1 = await device(sender.token, "s1");
    const s2 = await device(sender.token, "s2");
    // The owner hears the sender come online (a presence push); the friend events replayed on
    // connect are acked and pruned, so the window below holds the message and nothing else.
    await waitFor(() => r1.frames.find((f) => f.type === "presence_changed"), 10_000, "presence push");
    for (const d of [r1, s1, s2]) ackAll(d);
    await Promise.all([settled(owner.id), settled(sender.id)]);
    // A full pass of each alarm now: the hourly retention scan is done before the window opens.
    await runDurableObjectAlarm(userStub(owner.id));
    await runDurableObjectAlarm(userStub(sender.id));
    const before = { owner: await costsOf(owner.id), sender: await costsOf(sender.id) };
    const got = { r1: r1.received(), s1: s1.received(), s2: s2.received() };

    s1.send({ type: "send", id: "c1", to: owner.id, clientMsgId: "cost-1", body: "what does this cost?" });
    const sent = await waitFor(() => s1.frames.find((f) => f.type === "sent"), 10_000, "sent");
    const message = await r1.waitEvent("message", (e) => e.type === "message");
    await s2.waitEvent("echo", (e) => e.type === "message");
    await waitFor(async () => (await userStub(owner.id).stats()).mysqlBacklog === 0, 10_000, "insert flushed");
    r1.send({ type: "ack", upTo: message.eseq });
    await s2.waitEvent("delivered", (e) => e.type === "receipt" && e.kind === "delivered");
    await waitFor(async () => (await userStub(owner.id).stats()).mysqlBacklog === 0, 10_000, "delivered flushed");
    r1.send({ type: "read", id: "r1", peerId: sender.id, upToSeq: sent.seq });
    await s1.waitEvent("read", (e) => e.type === "receipt" && e.kind === "read");
    await s2.waitEvent("read", (e) => e.type === "receipt" && e.kind === "read");
    for (const d of [s1, s2]) ackAll(d);
    await Promise.all([settled(owner.id), settled(sender.id)]);

    const cost = { owner: minus(await costsOf(owner.id), before.owner), sender: minus(await costsOf(sender.id), before.sender) };
    const bytes = (d: typeof r1, from: { bytes: number }) => d.received().bytes - from.bytes;
    // Retention rides along with the next wake after a change (alarm.ts): one transaction per run,
    // however many runs the timing gave (at least one each: the acked events were pruned).
    expect(cost.owner.retentionRuns).toBeGreaterThanOrEqual(1);
    expect(cost.sender.retentionRuns).toBeGreaterThanOrEqual(1);
    expect(cost.sender).toMatchObject({
      // recordSent with the echo, after the owner's answer; applyCalls for the delivered and the
      // read receipt (one drain each, as each step waited for the last). The devices' acks bring
      // no incoming message: held in memory and written by the retention run (commit.ts deferAck).
      transactions: 3 + cost.sender.retentionRuns,
      // sent_index 3 (row + 2 indexes); the echo: events 3 (row, key index, sequence) + conv_state 1;
      // each receipt an event (3 + 3); the acks: devices 1 + user_acked 1, devices 1; pruning the 3 events.
      rowsWritten: 3 + 4 + 3 + 3 + 3 + 3,
      // acceptMessage at the owner: the only synchronous hop.
      rpcCalls: 1,
      // sent; the echo, the delivered and the read receipt to each of the two devices.
      framesOut: 1 + 3 * 2,
      bytesOut: bytes(s1, got.s1) + bytes(s2, got.s2),
    });
    expect(cost.owner).toMatchObject({
      // acceptMessage, the ack, the read; after each, the write-behind flush (its DELETE). The
      // call-queue DELETEs once the peer took a receipt ride on the next transaction (the read's,
      // then the flush's or the retention run's): none of their own.
      transactions: 3 + 3 + cost.owner.retentionRuns,
      // store 14 (conv_seq 2, conv_log 4, mysql_outbox 2, events 3, conv_state 1, unread 2; the
      // echo is the sender's own); ack 8 (devices, user_acked, delivered_seq, delivered_at,
      // mysql_outbox 2, outbox 2); read 7 (read_seq, unread, read_at, mysql_outbox 2, outbox 2);
      // 2 call-queue DELETEs; 3 flushes (the DELETE of what was applied; mysql_failures is
      // written only after a failure); pruning 1 event.
      rowsWritten: 14 + 8 + 7 + 2 + 3 + 1,
      // applyCalls to the sender: the delivered and the read receipt.
      rpcCalls: 2,
      // the message to the one device, and the ok to its read.
      framesOut: 2,
      bytesOut: bytes(r1, got.r1),
    });
    // The owner: a write-behind alarm per flush (3), each wake re-arming for the idle check and
    // the metrics flush (3); no call-queue safety net left behind once a drain emptied the queue.
    // Up to 2 more for the metrics flush (1 s in tests, 60 s deployed), as its timing falls.
    expect(cost.owner.alarmsSet).toBeGreaterThanOrEqual(3 + 3);
    expect(cost.owner.alarmsSet).toBeLessThanOrEqual(3 + 3 + 2);
    // The sender: one for the wake that writes the deferred acks (with its retention run), and those.
    // (No upper bound here: on a loaded machine the metrics flush re-arms more often.)
    expect(cost.sender.alarmsSet).toBeGreaterThanOrEqual(1);
  });

  it("sends the delivered and the read receipt of an ack and a read together in one call, one transaction", async () => {
    const [a, b] = await friendPair();
    const [owner, sender] = a.id < b.id ? [a, b] : [b, a];
    const r1 = await device(owner.token, "r1");
    const s1 = await device(sender.token, "s1");
    await waitFor(() => r1.frames.find((f) => f.type === "presence_changed"), 10_000, "presence push");
    for (const d of [r1, s1]) ackAll(d);
    await Promise.all([settled(owner.id), settled(sender.id)]);
    // The batching window is 50 ms: on a loaded machine the read can arrive after it, so try a
    // few messages and require that the ack and the read travelled together at least once (never,
    // without the batching) and that together they cost one call and one transaction.
    let together = 0;
    for (let trial = 0; trial < 4 && together === 0; trial++) {
      s1.send({ type: "send", id: `c${trial}`, to: owner.id, clientMsgId: `both-${trial}`, body: "read me" });
      const sent = await waitFor(() => s1.frames.find((f) => f.type === "sent" && f.id === `c${trial}`), 10_000, "sent");
      const message = await r1.waitEvent("message", (e) => e.type === "message" && e.message.clientMsgId === `both-${trial}`);
      const before = { owner: await costsOf(owner.id), sender: await costsOf(sender.id) };
      const framesBefore = s1.frames.length;
      // A client with the chat open acks and reads at once.
      r1.send({ type: "ack", upTo: message.eseq });
      r1.send({ type: "read", id: `r${trial}`, peerId: sender.id, upToSeq: sent.seq });
      await s1.waitEvent("read", (e) => e.type === "receipt" && e.kind === "read" && e.upToSeq === sent.seq);
      const cost = { owner: minus(await costsOf(owner.id), before.owner), sender: minus(await costsOf(sender.id), before.sender) };
      const receiptFrames = s1.frames
        .slice(framesBefore)
        .filter((f) => f.type === "events" && f.events.some((e: Frame) => e.type === "receipt"));
      if (receiptFrames.length !== 1) continue;
      expect(receiptFrames.map((f) => f.events.map((e: Frame) => e.kind))).toEqual([["delivered", "read"]]);
      expect(cost.owner.rpcCalls).toBe(1);
      expect(cost.sender.transactions).toBe(1);
      together++;
    }
    expect(together).toBe(1);
  });

  it("counts what a connect costs the connecting user's object", async () => {
    const [a, b] = await friendPair();
    const friend = await device(b.token, "b1");
    ackAll(friend);
    await settled(b.id);
    const atStart = await costsOf(a.id);
    const first = await device(a.token, "a1");
    await waitFor(() => friend.frames.find((f) => f.type === "presence_changed"), 10_000, "presence push");
    // The first device: what the second costs (below); the cache filled from MySQL, the user's
    // first connect, in one transaction (friends DELETE 1 + INSERT 1, requests 1, profile and
    // hydrated_at first written: 2 + 2); the presence change friends hear of (one RPC per friend,
    // published_presence first written: 2 rows; published_sockets too: 2, not 1); and the queued
    // friend events replayed (one events frame).
    expect(minus(await costsOf(a.id), atStart)).toMatchObject({ transactions: 3, rowsWritten: 13, rpcCalls: 1, framesOut: 2 });
    ackAll(first);
    await settled(a.id);
    const before = await costsOf(a.id);
    const second = await device(a.token, "a2");
    const cost = minus(await costsOf(a.id), before);
    expect(cost).toMatchObject({
      // resumeDevice (with the queue cap check) in one; hello reads only this object's storage
      // (no MySQL: the first connect filled the cache); the new socket count, one turn.
      transactions: 2,
      // devices 2 (row + key index); published_sockets 1.
      rowsWritten: 3,
      // A second device changes nothing friends see: no presence RPC.
      rpcCalls: 0,
      // hello only: the queue is empty.
      framesOut: 1,
      bytesOut: second.received().bytes,
    });
  });
});
