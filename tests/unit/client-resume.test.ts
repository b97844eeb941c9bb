// createChatClient across reconnects (fake timers, scripted server): the outbox re-sends unacked
// messages with the same clientMsgId in order, send promises settle exactly once, and events
// are deduped by eseq and messageId; requests wait for the next connection.
import { describe, expect, it, vi } from "vitest";
import { createChatClient, type ChatClient, type ChatClientOptions } from "../../client";
import { createFakeServer, messageWithId, sentFrame, type FakeServer, useFakeClock } from "./client-fake-server";
import { BOB } from "./client-fake-socket";

const settle = () => vi.advanceTimersByTimeAsync(0);

async function openClient(server: FakeServer, opts: Partial<ChatClientOptions> = {}): Promise<ChatClient> {
  const client = createChatClient({
    url: "wss://qchat.test/v1/ws",
    token: "tok.en",
    deviceId: "phone-1",
    openSocket: server.openSocket,
    ...opts,
  });
  client.start();
  await settle();
  expect(client.state.status).toBe("open");
  return client;
}

/** Drops the current socket (1006) and lets the client reconnect (random() is 0: no wait). */
async function bounce(server: FakeServer): Promise<void> {
  server.current.serverClose(1006, "");
  await settle();
  await settle();
}

const sendFrames = (server: FakeServer, socket: number) =>
  server
    .sends()
    .filter((s) => s.socket === socket)
    .map((s) => s.clientMsgId);

useFakeClock(0);

describe("outbox", () => {
  it("re-sends unacked messages with the same clientMsgId, in order, and resolves each once", async () => {
    const server = createFakeServer({ autoAck: false });
    const client = await openClient(server);
    const results = ["c1", "c2", "c3"].map((id) => client.send(BOB, `body ${id}`, { clientMsgId: id }));
    const first = server.current.frames().find((f) => f.clientMsgId === "c1")!;
    server.current.push(sentFrame(server, String(first.id), "c1"));
    vi.spyOn(Math, "random").mockReturnValue(0.5); // wait 125 ms before reconnecting
    server.current.serverClose(1006, "");
    await settle();
    expect(client.state).toMatchObject({ status: "reconnecting", delayMs: 125 });
    const queued = client.send(BOB, "while offline", { clientMsgId: "c4" });
    expect(client.pendingSends).toBe(3);
    server.autoAck = true;
    await vi.advanceTimersByTimeAsync(125);
    expect(client.state.status).toBe("open");
    expect(sendFrames(server, 0)).toEqual(["c1", "c2", "c3"]);
    expect(sendFrames(server, 1)).toEqual(["c2", "c3", "c4"]);
    const acks = await Promise.all([...results, queued]);
    expect(acks.map((a) => [a.clientMsgId, a.seq])).toEqual([
      ["c1", 1],
      ["c2", 2],
      ["c3", 3],
      ["c4", 4],
    ]);
    expect(client.pendingSends).toBe(0);
  });

  it("an ack that was lost with the socket comes back with the same seq after re-sending", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    server.autoAck = false;
    const send = client.send(BOB, "hi", { clientMsgId: "c-lost" });
    sentFrame(server, "r-lost", "c-lost"); // stored as seq 1, but the ack never reaches the client
    await bounce(server);
    server.autoAck = true;
    server.current
      .frames()
      .filter((f) => f.type === "send")
      .forEach((f) => server.current.push(sentFrame(server, String(f.id), String(f.clientMsgId))));
    await expect(send).resolves.toMatchObject({ clientMsgId: "c-lost", seq: 1, messageId: "m-c-lost" });
  });

  it("rejects on a non-retryable error frame, and retries RATE_LIMITED after retryAfter, holding later sends", async () => {
    const server = createFakeServer({ autoAck: false });
    const client = await openClient(server);
    const refused = client.send(BOB, "stranger", { clientMsgId: "nf" }).catch((err: unknown) => err);
    const limited = client.send(BOB, "fast", { clientMsgId: "rl" });
    const [nf, rl] = server.current.frames();
    server.current.push({ type: "error", id: nf!.id, code: "NOT_FRIENDS", message: "you can only message friends" });
    server.current.push({ type: "error", id: rl!.id, code: "RATE_LIMITED", message: "slow down", retryAfter: 2 });
    expect(await refused).toMatchObject({ code: "NOT_FRIENDS" });
    await settle();
    const behind = client.send(BOB, "after", { clientMsgId: "later" });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sendFrames(server, 0)).toEqual(["nf", "rl"]);
    server.autoAck = true;
    await vi.advanceTimersByTimeAsync(1);
    expect(sendFrames(server, 0)).toEqual(["nf", "rl", "rl", "later"]);
    await expect(limited).resolves.toMatchObject({ clientMsgId: "rl" });
    await expect(behind).resolves.toMatchObject({ clientMsgId: "later" });
  });

  it("rejects with TIMEOUT after sendTimeoutMs without an ack, however many reconnects", async () => {
    const server = createFakeServer({ autoAck: false });
    const client = await openClient(server, { sendTimeoutMs: 5_000 });
    const send = client.send(BOB, "void").catch((err: unknown) => err);
    await bounce(server);
    await bounce(server);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await send).toMatchObject({ code: "TIMEOUT" });
    expect(client.pendingSends).toBe(0);
    expect(server.sends()).toHaveLength(3);
  });
});

describe("resume and dedupe", () => {
  it("resumes after the last eseq and drops repeats by eseq and by messageId", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    server.current.push({ type: "events", events: [messageWithId(1, "m1"), messageWithId(2, "m2")] });
    await bounce(server);
    // The server resends what it had not seen acked, then a copy of m2 under a new eseq.
    server.current.push({ type: "events", events: [messageWithId(2, "m2"), messageWithId(3, "m3"), messageWithId(4, "m2")] });
    const messages = client.events().flatMap((e) => (e.type === "message" ? [`${e.eseq}:${e.message.messageId}`] : []));
    expect(messages).toEqual(["1:m1", "2:m2", "3:m3"]);
    expect(client.lastEseq).toBe(4);
    await vi.advanceTimersByTimeAsync(20); // acks are coalesced for 20 ms
    expect(server.current.frames().filter((f) => f.type === "ack")).toEqual([{ type: "ack", upTo: 4 }]);
  });

  it("keeps events that arrive in the same turn as hello, before the client subscribed", async () => {
    const server = createFakeServer();
    server.afterHello = [
      { type: "events", events: [messageWithId(1, "m1"), messageWithId(2, "m2")] },
      { type: "presence_changed", uid: BOB, presence: "busy" },
    ];
    const client = await openClient(server);
    expect(
      client
        .events()
        .filter((e) => e.type !== "state")
        .map((e) => e.type),
    ).toEqual(["message", "message", "presence"]);
    expect(client.lastEseq).toBe(2);
  });

  it("emits a state event per transition and nextEvent finds events across sockets", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    const waiting = client.nextEvent("message", (e) => e.message.messageId === "m9");
    await bounce(server);
    server.current.push({ type: "events", events: [messageWithId(9, "m9")] });
    await expect(waiting).resolves.toMatchObject({ eseq: 9 });
    const statuses = client.events().flatMap((e) => (e.type === "state" ? [e.state.status] : []));
    expect(statuses).toEqual(["connecting", "open", "reconnecting", "connecting", "open"]);
  });

  it("read waits for the next connection and is sent there", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    server.refuse(new TypeError("offline"));
    server.current.serverClose(1006, "");
    await settle();
    const read = client.read(BOB, 7);
    await vi.advanceTimersByTimeAsync(10);
    const frame = server.current.frames().find((f) => f.type === "read")!;
    expect(frame).toMatchObject({ peerId: BOB, upToSeq: 7 });
    expect(server.sockets).toHaveLength(2);
    server.current.push({ type: "ok", id: frame.id });
    await expect(read).resolves.toBeUndefined();
  });
});
