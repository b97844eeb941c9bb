// connectChat requests over a scripted socket: connect and hello, send/read/recall/presence
// replies matched by request id, timeouts, heartbeats, and what closing does to waiting calls.
import { afterEach, describe, expect, it, vi } from "vitest";
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE } from "../../protocol/frames";
import { connectChat, QChatError, type SentFrame } from "../../client";
import { BOB, connectFake, createFakeSocket, hello, openWith } from "./client-fake-socket";

const sentReply = (id: unknown, clientMsgId: unknown): SentFrame => ({
  type: "sent",
  id: String(id),
  clientMsgId: String(clientMsgId),
  messageId: "m1",
  seq: 1,
  to: BOB,
  sentAt: "2026-11-23T09:00:00.000Z",
});

afterEach(() => vi.useRealTimers());

describe("connectChat", () => {
  it("resolves after hello, offering qchat.v1 and bearer.<token> with ?device=", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    expect(chat.hello).toEqual(hello);
    expect(ws.protocols).toEqual(["qchat.v1", "bearer.tok.en"]);
    expect(new URL(ws.url).searchParams.get("device")).toBe("phone-1");
  });

  it("rejects when the socket closes before hello", async () => {
    const ws = createFakeSocket();
    const connecting = connectChat({ url: "wss://qchat.test/v1/ws", token: "t", openSocket: openWith(ws) });
    await vi.waitFor(() => expect(ws.listening).toBe(true));
    ws.serverClose(4001, "token revoked");
    await expect(connecting).rejects.toMatchObject({ code: "CONNECTION_CLOSED", closeCode: 4001 });
  });

  it("rejects with TIMEOUT and closes the socket when no hello comes", async () => {
    const ws = createFakeSocket();
    const connecting = connectChat({ url: "wss://qchat.test/v1/ws", token: "t", openSocket: openWith(ws), helloTimeoutMs: 20 });
    await expect(connecting).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(ws.closedWith?.code).toBe(1000);
  });
});

describe("ChatConnection requests", () => {
  it("send resolves on the sent frame with its id, not on another id", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const result = chat.send(BOB, "hi", { clientMsgId: "c-1" });
    const frame = ws.frames().at(-1)!;
    expect(frame).toMatchObject({ type: "send", to: BOB, body: "hi", clientMsgId: "c-1" });
    ws.push(sentReply("other-id", "c-9"));
    ws.push(sentReply(frame.id, "c-1"));
    await expect(result).resolves.toMatchObject({ type: "sent", clientMsgId: "c-1", seq: 1 });
  });

  it("send generates a clientMsgId when none is given", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    void chat.send(BOB, "a").catch(() => {});
    void chat.send(BOB, "b").catch(() => {});
    const [a, b] = ws.frames().filter((f) => f.type === "send");
    expect(a!.clientMsgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a!.clientMsgId).not.toBe(b!.clientMsgId);
    expect(a!.id).not.toBe(b!.id);
    chat.close();
  });

  it("send rejects with QChatError(code) on an error frame with its id", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const result = chat.send(BOB, "hi");
    ws.push({ type: "error", id: ws.frames().at(-1)!.id, code: "NOT_FRIENDS", message: "you can only message friends" });
    const err = await result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QChatError);
    expect(err).toMatchObject({ code: "NOT_FRIENDS", status: 0, message: "you can only message friends" });
    expect(chat.events()).toEqual([]); // answered errors are not also emitted
  });

  it("send rejects with TIMEOUT when no reply comes", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws, { requestTimeoutMs: 20 });
    await expect(chat.send(BOB, "hi")).rejects.toMatchObject({ code: "TIMEOUT" });
  });

  it("read, recall and setPresence resolve on ok and reject on error", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const read = chat.read(BOB, 7);
    const recall = chat.recall("m1");
    const presence = chat.setPresence("busy");
    const [r, c, p] = ws.frames();
    expect([r, c, p]).toMatchObject([
      { type: "read", peerId: BOB, upToSeq: 7 },
      { type: "recall", messageId: "m1" },
      { type: "presence", status: "busy" },
    ]);
    ws.push({ type: "ok", id: p!.id });
    ws.push({ type: "error", id: c!.id, code: "RECALL_WINDOW_PASSED", message: "too late" });
    ws.push({ type: "ok", id: r!.id });
    await expect(read).resolves.toBeUndefined();
    await expect(presence).resolves.toBeUndefined();
    await expect(recall).rejects.toMatchObject({ code: "RECALL_WINDOW_PASSED" });
  });

  it("ping sends the exact heartbeat string and resolves on the exact reply", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const pong = chat.ping();
    expect(ws.sent.at(-1)).toBe(HEARTBEAT_REQUEST);
    ws.push(HEARTBEAT_RESPONSE);
    await expect(pong).resolves.toBeUndefined();
    expect(chat.events()).toEqual([]); // the pong is not an invalid frame
  });
});

describe("closing", () => {
  it("a server close rejects pending requests and pings, and resolves closed", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const send = chat.send(BOB, "hi");
    const ping = chat.ping();
    ws.serverClose(4002, "device replaced");
    await expect(send).rejects.toMatchObject({ code: "CONNECTION_CLOSED", closeCode: 4002 });
    await expect(ping).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    await expect(chat.closed).resolves.toEqual({ code: 4002, reason: "device replaced" });
    expect(chat.events().at(-1)).toEqual({ type: "close", code: 4002, reason: "device replaced" });
    await expect(chat.send(BOB, "late")).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
  });

  it("close() rejects pending requests at once and closed resolves even without an echo", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const send = chat.send(BOB, "hi");
    vi.useFakeTimers();
    chat.close(1000, "bye");
    expect(ws.closedWith).toEqual({ code: 1000, reason: "bye" });
    await expect(send).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(chat.closed).resolves.toEqual({ code: 1000, reason: "bye" });
  });

  it("close() resolves closed with the peer's echo when it comes", async () => {
    const ws = createFakeSocket({ echoClose: true });
    const chat = await connectFake(ws);
    chat.close(4100, "done");
    await expect(chat.closed).resolves.toEqual({ code: 4100, reason: "done" });
  });
});
