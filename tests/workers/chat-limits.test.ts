// Abuse limits of the chat socket: frame size in bytes, one frame budget per user whatever the
// socket, presence fan-out coalesced, and socket upgrades limited per user and per IP.
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ChatConnection } from "../../client";
import { PRESENCE_FANOUT_INTERVAL_MS } from "../../durable-objects/user-session/presence";
import { CLOSE, MAX_FRAME_BYTES } from "../../protocol/frames";
import { DEFAULT_POLICIES } from "../../workers/security/rate-limit";
import { connect, friendPair, inUserObject, rawSocket, sleep, waitFor } from "./chat-fixtures";
import { callFromIp, uniqueIp } from "./edge";
import { member } from "./friends-fixtures";
import { BASE, requestsUntilRefused } from "./helpers";

const rate = Number(env.MESSAGE_RATE_PER_SECOND);
const burst = Number(env.MESSAGE_BURST);

describe("frame size", () => {
  it("counts UTF-8 bytes: multi-byte text under the limit in characters but over it in bytes closes with 1009", async () => {
    const u = await member("fb");
    const s = await rawSocket(u.token);
    // Just under the limit in bytes: parsed, and refused for its body length only.
    const fits = JSON.stringify({ type: "send", id: "fits", to: u.id, clientMsgId: "c", body: "é".repeat(30_000) });
    expect(new TextEncoder().encode(fits).byteLength).toBeLessThan(MAX_FRAME_BYTES);
    s.ws.send(fits);
    expect(await s.next("error")).toMatchObject({ id: "fits", code: "INVALID_FRAME" });
    const over = JSON.stringify({ type: "send", body: "é".repeat(40_000) });
    expect(over.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(new TextEncoder().encode(over).byteLength).toBeGreaterThan(MAX_FRAME_BYTES);
    s.ws.send(over);
    expect((await s.closed).code).toBe(CLOSE.TOO_LARGE);
  });
});

describe("one frame budget per user", () => {
  it("limits a presence flood and tells friends a handful of times, ending on the last accepted status", async () => {
    const [a, b] = await friendPair();
    const cb = await connect(b);
    const s = await rawSocket(a.token, "flood");
    await cb.nextEvent("presence", (p) => p.uid === a.id && p.presence === "online");
    const seenBefore = presenceOf(cb, a.id).length;
    const statuses = ["busy", "online"];
    const started = Date.now();
    for (let i = 0; i < 200; i++) s.ws.send(JSON.stringify({ type: "presence", id: `p${i}`, status: statuses[i % 2] }));
    const replies = await waitFor(
      () => {
        const r = s.frames.filter((f) => String(f.id).startsWith("p") && (f.type === "ok" || f.type === "error"));
        return r.length === 200 && r;
      },
      15_000,
      "200 replies",
    );
    const floodMs = Date.now() - started;
    const limited = replies.filter((r) => r.code === "RATE_LIMITED");
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((r) => Number(r.retryAfter) > 0)).toBe(true);
    const accepted = replies.filter((r) => r.type === "ok");
    await sleep(PRESENCE_FANOUT_INTERVAL_MS * 2.5);
    const seen = presenceOf(cb, a.id).slice(seenBefore);
    console.log(
      `presence flood: 200 frames, ${accepted.length} accepted, ${limited.length} RATE_LIMITED, ${seen.length} presence_changed at the friend`,
    );
    // At most one publication per interval while the flood lasted, plus the one held at its end.
    expect(seen.length).toBeLessThanOrEqual(Math.min(10, Math.ceil(floodMs / PRESENCE_FANOUT_INTERVAL_MS) + 2));
    // The latest wins: what the friend sees last is the status the object ended on (before the
    // flood: online). Not necessarily the highest id: the runtime may run queued frames out of order.
    const final = await inUserObject(a.id, (sql) => sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = 'presence'").one().value);
    expect((seen.at(-1) ?? { presence: "online" }).presence).toBe(final);
    s.ws.close();
    cb.close();
  });

  it("never refuses an ack: a device over its budget still moves its cursor and the sender sees delivered", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const s = await rawSocket(b.token, "spent");
    await ca.send(b.id, "ack me");
    const message = await waitFor(
      () =>
        s.frames
          .flatMap((f) => (f.type === "events" ? (f.events as { eseq: number; type: string }[]) : []))
          .find((e) => e.type === "message"),
      5_000,
      "the message",
    );
    const last = message.eseq;
    // Acks interleaved with a flood that keeps the budget near empty: each one arrives when a
    // presence frame has just been refused or has spent the last tokens.
    for (let i = 0; i < 200; i++) {
      s.ws.send(JSON.stringify({ type: "presence", id: `x${i}`, status: "online" }));
      s.ws.send(JSON.stringify({ type: "ack", upTo: i < 150 ? last - 1 : last }));
    }
    await waitFor(() => s.frames.filter((f) => String(f.id).startsWith("x")).length === 200, 10_000, "200 presence replies");
    expect(s.frames.some((f) => f.code === "RATE_LIMITED" && String(f.id).startsWith("x"))).toBe(true);
    expect(s.frames.filter((f) => f.type === "error" && f.id === undefined)).toEqual([]);
    const cursor = () =>
      inUserObject(b.id, (sql) => sql.exec<{ acked: number }>("SELECT acked FROM devices WHERE device_id = 'spent'").one().acked);
    await waitFor(async () => (await cursor()) === last, 5_000, "the ack to move the cursor");
    await ca.nextEvent("receipt", (r) => r.kind === "delivered" && r.peerId === b.id);
    s.ws.close();
    ca.close();
  });

  it("applies the message budget to the user across fresh sockets", async () => {
    const [a, b] = await friendPair();
    const started = Date.now();
    let accepted = 0;
    let limited = 0;
    for (let i = 0; i < 6; i++) {
      const c = await connect(a, `fresh${i}`);
      const results = await Promise.allSettled(Array.from({ length: 40 }, (_, j) => c.send(b.id, `socket ${i} message ${j}`)));
      accepted += results.filter((r) => r.status === "fulfilled").length;
      limited += results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "RATE_LIMITED").length;
      c.close();
    }
    const elapsedSeconds = (Date.now() - started) / 1000;
    console.log(`6 sockets x 40 sends in ${elapsedSeconds.toFixed(1)} s: ${accepted} acked, ${limited} RATE_LIMITED`);
    expect(accepted + limited).toBe(240);
    expect(limited).toBeGreaterThan(0);
    // A per-socket bucket would have let all 240 through.
    expect(accepted).toBeLessThanOrEqual(burst + rate * elapsedSeconds + 1);
  });
});

describe("socket upgrades", () => {
  it("refuses upgrades over the per-user limit with 429 RATE_LIMITED", async () => {
    const u = await member("up");
    const upgrade = async () => {
      const res = await SELF.fetch(`${BASE}/v1/ws?device=loop`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${u.token}` } });
      res.webSocket?.accept();
      res.webSocket?.close();
      return res;
    };
    const { passed, refused } = await requestsUntilRefused(DEFAULT_POLICIES.socketsPerUser.requests, upgrade, 1);
    expect(passed.every((s) => s === 101)).toBe(true);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("refuses upgrades over the per-IP limit with 429, counting attempts before authentication", async () => {
    const ip = uniqueIp();
    const headers = { Upgrade: "websocket" };
    const { passed, refused } = await requestsUntilRefused(DEFAULT_POLICIES.socketsPerIp.requests, () =>
      callFromIp(ip, "GET", "/v1/ws", { headers }),
    );
    expect(passed.every((s) => s === 401)).toBe(true);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect((await callFromIp(uniqueIp(), "GET", "/v1/ws", { headers })).status).toBe(401);
  });
});

function presenceOf(c: ChatConnection, uid: number) {
  return c.events().flatMap((e) => (e.type === "presence" && e.uid === uid ? [e] : []));
}
