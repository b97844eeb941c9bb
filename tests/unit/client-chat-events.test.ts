// ChatConnection events over a scripted socket: dedupe by eseq, cumulative acks coalesced over
// 20 ms and flushed on close, the buffered nextEvent queue, listeners, presence, and error events that never throw.
import { describe, expect, it } from "vitest";
import { BOB, connectFake, createFakeSocket, messageEvent } from "./client-fake-socket";

const acks = (frames: { type: string }[]) => frames.filter((f) => f.type === "ack");
/** Longer than the client's ack delay (20 ms). */
const ackDelay = () => new Promise((resolve) => setTimeout(resolve, 40));

describe("durable events", () => {
  it("delivers each eseq once, in order, and acks cumulatively, one ack for frames close together", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    ws.push({ type: "events", events: [messageEvent(1), messageEvent(2)] });
    ws.push({ type: "events", events: [messageEvent(2), messageEvent(3)] });
    expect(acks(ws.frames())).toEqual([]);
    await ackDelay();
    expect(acks(ws.frames())).toEqual([{ type: "ack", upTo: 3 }]);
    ws.push({ type: "events", events: [messageEvent(1), messageEvent(3)] }); // a full resend is acked again
    ws.push({ type: "events", events: [] });
    await ackDelay();
    expect(chat.events().map((e) => e.type === "message" && e.eseq)).toEqual([1, 2, 3]);
    expect(acks(ws.frames())).toEqual([
      { type: "ack", upTo: 3 },
      { type: "ack", upTo: 3 },
    ]);
    expect(chat.lastEseq).toBe(3);
  });

  it("sends a pending ack before closing", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    ws.push({ type: "events", events: [messageEvent(1)] });
    chat.close();
    expect(acks(ws.frames())).toEqual([{ type: "ack", upTo: 1 }]);
  });

  it("drops events at or below resumeFrom", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws, { resumeFrom: 5 });
    ws.push({ type: "events", events: [messageEvent(4), messageEvent(5), messageEvent(6)] });
    expect(chat.events().map((e) => e.type === "message" && e.eseq)).toEqual([6]);
    await ackDelay();
    expect(acks(ws.frames())).toEqual([{ type: "ack", upTo: 6 }]);
  });

  it("passes every durable event type to its listeners until unsubscribed", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const seen: string[] = [];
    const off = chat.on("friend_removed", (e) => seen.push(`removed ${e.friendId} @${e.eseq}`));
    chat.on("receipt", (e) => seen.push(`${e.kind} ${e.upToSeq}`));
    ws.push({
      type: "events",
      events: [
        { eseq: 1, type: "receipt", kind: "read", conversation: "c", peerId: BOB, upToSeq: 4, at: "t" },
        { eseq: 2, type: "friend_removed", friendId: BOB },
      ],
    });
    off();
    ws.push({ type: "events", events: [{ eseq: 3, type: "friend_removed", friendId: BOB }] });
    expect(seen).toEqual(["read 4", `removed ${BOB} @2`]);
  });
});

describe("nextEvent", () => {
  it("finds events that arrived before the call, each only once", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    ws.push({ type: "events", events: [messageEvent(1), messageEvent(2), messageEvent(3)] });
    expect((await chat.nextEvent("message", (e) => e.message.seq >= 2)).eseq).toBe(2);
    expect((await chat.nextEvent("message")).eseq).toBe(1);
    expect((await chat.nextEvent("message")).eseq).toBe(3);
    await expect(chat.nextEvent("message", undefined, 20)).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(chat.events()).toHaveLength(3); // the log keeps what nextEvent consumed
  });

  it("waits for a matching event that arrives later", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const waiting = chat.nextEvent("presence", (e) => e.presence === "busy");
    ws.push({ type: "presence_changed", uid: BOB, presence: "online" });
    ws.push({ type: "presence_changed", uid: BOB, presence: "busy" });
    await expect(waiting).resolves.toEqual({ type: "presence", uid: BOB, presence: "busy" });
    await expect(chat.nextEvent("presence")).resolves.toMatchObject({ presence: "online" });
  });
});

describe("error events", () => {
  it("emits an invalid frame as an error event and keeps going", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const errors: string[] = [];
    chat.on("error", (e) => errors.push(e.code));
    ws.push("not json");
    ws.push({ type: "events", events: [{ eseq: 0, type: "message" }] });
    ws.push({ type: "mystery" });
    ws.push({ type: "events", events: [messageEvent(1)] });
    expect(errors).toEqual(["INVALID_SERVER_FRAME", "INVALID_SERVER_FRAME", "INVALID_SERVER_FRAME"]);
    const first = await chat.nextEvent("error");
    expect(first).toMatchObject({ raw: "not json", message: "frame is not valid JSON" });
    expect((await chat.nextEvent("message")).eseq).toBe(1);
  });

  it("emits error frames that answer no pending request", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    ws.push({ type: "error", code: "INVALID_JSON", message: "frame is not valid JSON" });
    ws.push({ type: "error", id: "r999", code: "INTERNAL", message: "late", retryAfter: 2 });
    expect(chat.events()).toEqual([
      { type: "error", code: "INVALID_JSON", message: "frame is not valid JSON" },
      { type: "error", code: "INTERNAL", message: "late", retryAfter: 2 },
    ]);
  });

  it("a throwing listener does not stop other listeners or the ack", async () => {
    const ws = createFakeSocket();
    const chat = await connectFake(ws);
    const seen: number[] = [];
    const quiet = console.error;
    console.error = () => {};
    try {
      chat.on("message", () => {
        throw new Error("boom");
      });
      chat.on("message", (e) => seen.push(e.eseq));
      ws.push({ type: "events", events: [messageEvent(1)] });
    } finally {
      console.error = quiet;
    }
    expect(seen).toEqual([1]);
    await ackDelay();
    expect(acks(ws.frames())).toEqual([{ type: "ack", upTo: 1 }]);
  });
});
