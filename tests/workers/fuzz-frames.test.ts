// Property-based: random, mutated and hostile WebSocket frames never break the Durable Object.
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientFrame, MAX_FRAME_BYTES, serverFrame } from "../../protocol/frames";
import { member } from "./friends-fixtures";
import { BASE } from "./helpers";

const TYPES = ["send", "ack", "read", "recall", "presence", "ping", "hello", "", "__proto__", "constructor"];
const anyValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant(123456789),
  fc.constant(-1),
  fc.constant(1e300),
  fc.constant("x".repeat(5000)),
);
const mutatedFrame = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
      id: fc.option(anyValue, { nil: undefined }),
      to: fc.option(anyValue, { nil: undefined }),
      clientMsgId: fc.option(anyValue, { nil: undefined }),
      body: fc.option(anyValue, { nil: undefined }),
      upTo: fc.option(anyValue, { nil: undefined }),
      peerId: fc.option(anyValue, { nil: undefined }),
      upToSeq: fc.option(anyValue, { nil: undefined }),
      messageId: fc.option(anyValue, { nil: undefined }),
      status: fc.option(fc.oneof(fc.constantFrom("online", "busy", "invisible", "offline"), anyValue), { nil: undefined }),
    },
    { requiredKeys: [] },
  )
  .map((f) => JSON.stringify(f));
const deepNesting = fc.integer({ min: 50, max: 5000 }).map((n) => "[".repeat(n) + "]".repeat(n));
const hostileText = fc.oneof(
  fc.json(),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  deepNesting,
  mutatedFrame,
  mutatedFrame,
);

describe("fuzzing WebSocket frames", () => {
  it("answers every hostile frame with a typed reply, never INTERNAL, and the socket survives", async () => {
    const frames = fc
      .sample(hostileText, { numRuns: 400, seed: 20261123 })
      .filter((f) => new TextEncoder().encode(f).byteLength <= MAX_FRAME_BYTES);
    const silent = frames.filter((f) => {
      try {
        return clientFrame.safeParse(JSON.parse(f)).data?.type === "ack";
      } catch {
        return false;
      }
    }).length;
    // Every frame spends from its user's budget (a non-send frame half a message, MESSAGE_BURST at
    // once): spread the frames over enough users that each is parsed rather than refused for the rate.
    const perUser = Math.floor(Number(env.MESSAGE_BURST) * 1.5);
    const users = await Promise.all(Array.from({ length: Math.ceil(frames.length / perUser) }, () => member("fz")));
    const sockets = await Promise.all(
      users.map(async (u) => {
        const res = await SELF.fetch(`${BASE}/v1/ws?device=fuzz`, {
          headers: { Upgrade: "websocket", Authorization: `Bearer ${u.token}` },
        });
        const socket = { ws: res.webSocket!, replies: [] as unknown[], closed: false };
        socket.ws.addEventListener("message", (e) => socket.replies.push(JSON.parse(String(e.data))));
        socket.ws.addEventListener("close", () => (socket.closed = true));
        socket.ws.accept();
        return socket;
      }),
    );
    frames.forEach((f, i) => sockets[i % sockets.length]!.ws.send(f));
    sockets[0]!.ws.send(new Uint8Array([0, 1, 2]).buffer);
    for (const { ws } of sockets) ws.send(JSON.stringify({ type: "presence", id: "final", status: "online" }));
    // Every frame but a valid ack gets one reply. Wait for the count, not for the last frame's reply:
    // a send still waiting for its owner can be answered after a later presence frame.
    const expected = frames.length + 1 + sockets.length - silent;
    const answeredOf = (all: unknown[]) => all.filter((r) => ["error", "ok", "sent"].includes((r as { type: string }).type));
    for (let i = 0; i < 400 && answeredOf(sockets.flatMap((s) => s.replies)).length < expected; i++)
      await new Promise((r) => setTimeout(r, 25));
    const replies = sockets.flatMap((s) => s.replies);
    const answered = answeredOf(replies);
    const limited = replies.filter((r) => (r as { code?: string }).code === "RATE_LIMITED").length;
    console.log(
      `fuzz: ${frames.length + 1} hostile WebSocket frames sent over ${sockets.length} users, ${answered.length - sockets.length} answered, ${silent} valid acks (no reply by design)`,
    );
    expect(sockets.filter((s) => s.closed)).toEqual([]);
    for (const r of replies) expect(serverFrame.safeParse(r).success, JSON.stringify(r).slice(0, 200)).toBe(true);
    expect(replies.filter((r) => (r as { code?: string }).code === "INTERNAL")).toEqual([]);
    expect(limited).toBe(0);
    expect(answered.length).toBeGreaterThanOrEqual(expected);
    for (const { ws } of sockets) ws.close();
  });
});
