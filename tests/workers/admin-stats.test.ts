import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../workers/app";
import { connect, friendPair, userStub, waitFor } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { BASE, call } from "./helpers";

const ADMIN_TOKEN = env.ADMIN_TOKEN;

/** Calls the app with a changed environment (SELF always runs with the test run's own). */
async function statsWithEnv(changes: Partial<Env>, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}/v1/admin/stats`, { headers }), { ...env, ...changes }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as { error: { code: string } } };
}

const stats = async (query = "") => (await call("GET", `/v1/admin/stats${query}`, { token: ADMIN_TOKEN })).body;
const counter = (body: { counters: Record<string, number> }, name: string) => body.counters[name] ?? 0;

describe("GET /v1/admin/stats", () => {
  it("answers 503 ADMIN_DISABLED when ADMIN_TOKEN is not set", async () => {
    const res = await statsWithEnv({ ADMIN_TOKEN: "" }, { Authorization: "Bearer anything" });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("ADMIN_DISABLED");
  });

  it("treats the example token as not set outside development", async () => {
    const res = await statsWithEnv({ APP_ENV: "production" }, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("ADMIN_DISABLED");
  });

  it("answers 401 without a token and 403 with a wrong one", async () => {
    const none = await call("GET", "/v1/admin/stats");
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("UNAUTHORIZED");
    const wrong = await call("GET", "/v1/admin/stats", { token: `${ADMIN_TOKEN}x` });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe("FORBIDDEN");
    // A user's own login token is not an admin token either.
    const user = await member("adm");
    expect((await call("GET", "/v1/admin/stats", { token: user.token })).status).toBe(403);
  });

  it("returns counters, queue depths and online numbers", async () => {
    const res = await call("GET", "/v1/admin/stats", { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      online: { users: expect.any(Number), sockets: expect.any(Number) },
      counters: expect.any(Object),
      queues: {
        objects: expect.any(Number),
        outbox: expect.any(Number),
        mysqlBacklog: expect.any(Number),
        unackedEvents: expect.any(Number),
      },
    });
  });

  it("counts frames, messages, errors and sockets after some chat", async () => {
    const [a, b] = await friendPair();
    const stranger = await member("str");
    const before = await stats();
    const ca = await connect(a);
    const cb = await connect(b);
    const sent = await ca.send(b.id, "counted");
    await cb.nextEvent("message", (e) => e.message.messageId === sent.messageId);
    await expect(ca.send(stranger.id, "not a friend")).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    expect((await call("POST", "/v1/auth/login", { body: { login: a.username, password: "wrong password" } })).status).toBe(401);

    // The sender's object knows at once (?uid= returns its stats()).
    const own = (await stats(`?uid=${a.id}`)).user;
    expect(own).toMatchObject({ uid: a.id, sockets: 1, "frames.send": 2, "errors.frame.NOT_FRIENDS": 1, "sockets.opened": 1 });
    expect((await userStub(Math.min(a.id, b.id)).stats())["messages.sent"]).toBe(1);
    expect((await userStub(b.id).stats())["messages.delivered"]).toBe(1);

    // The global counters move once each object's alarm has flushed its own (every second in
    // tests), so poll until every expected delta is there: other files' objects only add to them.
    const expected: Record<string, number> = {
      "messages.sent": 1,
      "messages.delivered": 1,
      "errors.frame.NOT_FRIENDS": 1,
      "frames.send": 2,
      "sockets.opened": 2,
      "errors.http.INVALID_CREDENTIALS": 1,
    };
    const after = await waitFor(
      async () => {
        const now = await stats();
        return Object.entries(expected).every(([k, delta]) => counter(now, k) - counter(before, k) >= delta) && now;
      },
      15_000,
      `counters flushed to Redis: ${JSON.stringify(expected)} more than before`,
    );
    expect(after.online.sockets).toBeGreaterThanOrEqual(2);
    ca.close();
    cb.close();
  }, 30_000);
});
