// Reads that name another user reach that user's Durable Object only for a friend or a
// conversation partner, so random ids create no objects; HTTP reads are limited per user.
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES } from "../../workers/security/rate-limit";
import { connect, friendPair } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { call, requestsUntilRefused } from "./helpers";

describe("history access", () => {
  it("answers history for 30 random peer ids with 404 CONVERSATION_NOT_FOUND and creates no Durable Object", async () => {
    const u = await member("hx");
    const peers = Array.from({ length: 30 }, () => 100_000_000 + Math.floor(Math.random() * 899_999_999));
    for (const peer of peers) {
      const res = await call("GET", `/v1/conversations/${peer}/messages`, { token: u.token });
      expect([res.status, res.body.error?.code]).toEqual([404, "CONVERSATION_NOT_FOUND"]);
    }
    const existing = new Set((await listDurableObjectIds(env.USER_SESSION)).map((id) => id.toString()));
    const created = peers.filter((peer) => existing.has(env.USER_SESSION.idFromName(String(peer)).toString()));
    expect(created).toEqual([]);
    // The caller's own object exists (it answered); asking it is how the route knows.
    expect(existing.has(env.USER_SESSION.idFromName(String(u.id)).toString())).toBe(true);
  });

  it("still answers a friend with no messages yet (empty) and a former friend with the conversation", async () => {
    const [a, b] = await friendPair();
    expect((await call("GET", `/v1/conversations/${b.id}/messages`, { token: a.token })).body).toEqual({ messages: [], nextBefore: null });
    const ca = await connect(a);
    const sent = await ca.send(b.id, "before we parted");
    ca.close();
    expect((await call("DELETE", `/v1/friends/${b.id}`, { token: a.token })).status).toBe(200);
    for (const [token, peer] of [
      [a.token, b.id],
      [b.token, a.id],
    ] as const) {
      const res = await call("GET", `/v1/conversations/${peer}/messages`, { token });
      expect([res.status, res.body.messages?.[0]?.messageId]).toEqual([200, sent.messageId]);
    }
  });
});

describe("HTTP read limit", () => {
  it("answers reads beyond the per-user limit with 429 RATE_LIMITED", async () => {
    const u = await member("rd");
    const { requests } = DEFAULT_POLICIES.readsPerUser;
    // In parallel batches: the limit counts requests, not their order.
    const { passed, refused: limited } = await requestsUntilRefused(requests, () => call("GET", "/v1/friends", { token: u.token }));
    expect(passed.filter((s) => s !== 200)).toEqual([]);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    // One budget for every read route: the user never read /v1/conversations, yet it is refused.
    // The window slides, so a request may pass as the last minute's count fades (at a minute's
    // turn); each one that passes counts, so the next few are refused again.
    const conversations: number[] = [];
    for (let i = 0; i < 3 && !conversations.includes(429); i++)
      conversations.push((await call("GET", "/v1/conversations", { token: u.token })).status);
    expect(conversations).toContain(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another user's reads are unaffected.
    expect((await call("GET", "/v1/friends", { token: (await member("rd")).token })).status).toBe(200);
  });
});
