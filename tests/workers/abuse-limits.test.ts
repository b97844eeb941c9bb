import { describe, expect, it } from "vitest";
import { call, latestCode, newCredentials, redis, requestsUntilRefused } from "./helpers";
import { member } from "./friends-fixtures";
import { connect, friendPair } from "./chat-fixtures";
import { callFromIp, uniqueIp } from "./edge";

describe("HTTP rate limits", () => {
  it("limits logins per account to 10 per 15 minutes", async () => {
    const login = `nobody-${crypto.randomUUID().slice(0, 8)}`;
    const codes = [];
    for (let i = 0; i < 11; i++)
      codes.push((await call("POST", "/v1/auth/login", { body: { login, password: "wrong password" } })).body.error.code);
    expect(codes.slice(0, 10).every((c) => c === "INVALID_CREDENTIALS")).toBe(true);
    expect(codes[10]).toBe("RATE_LIMITED");
  });

  it("limits logins per IP to 30 per minute, with 429 and Retry-After", async () => {
    const ip = uniqueIp();
    const badLogin = () => callFromIp(ip, "POST", "/v1/auth/login", { body: { login: `x-${crypto.randomUUID()}`, password: "pw" } });
    const { passed, refused: limited } = await requestsUntilRefused(30, badLogin, 1);
    expect(passed.every((s) => s === 401)).toBe(true);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another address is unaffected.
    expect((await callFromIp(uniqueIp(), "POST", "/v1/auth/login", { body: { login: "another", password: "pw" } })).status).toBe(401);
  });

  it("limits code emails per address to 5 per hour, beyond the 60 s cooldown", async () => {
    const { email } = newCredentials();
    for (let i = 0; i < 5; i++) {
      expect((await call("POST", "/v1/auth/code", { body: { email, purpose: "register" } })).status).toBe(200);
      await redis("DEL", `qchat:code-cooldown:${email}`);
    }
    const sixth = await call("POST", "/v1/auth/code", { body: { email, purpose: "register" } });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe("RATE_LIMITED");
  });

  it("limits registrations per IP to 10 per hour", async () => {
    const ip = uniqueIp();
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const c = newCredentials("r");
      await call("POST", "/v1/auth/code", { body: { email: c.email, purpose: "register" } });
      const code = await latestCode(c.email);
      statuses.push((await callFromIp(ip, "POST", "/v1/auth/register", { body: { ...c, code } })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
  });

  it("limits friend requests per user per day (5 in this test configuration)", async () => {
    const a = await member("a");
    const b = await member("b");
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push((await call("POST", "/v1/friends/requests", { token: a.token, body: { to: b.id } })).body.error?.code ?? "OK");
    expect(codes).toEqual(["OK", "REQUEST_EXISTS", "REQUEST_EXISTS", "REQUEST_EXISTS", "REQUEST_EXISTS", "RATE_LIMITED"]);
  });
});

describe("message rate per user", () => {
  it("answers sends beyond the burst with RATE_LIMITED and a retry-after, and recovers", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => ca.send(b.id, `burst ${i}`)));
    const limited = results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "RATE_LIMITED");
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(40);
    expect(limited.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect((await ca.send(b.id, "after a pause")).type).toBe("sent");
    ca.close();
  });
});

describe("response hardening", () => {
  it("sends security headers and no stack traces", async () => {
    const res = await call("GET", "/v1/status");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const bad = await call("POST", "/v1/auth/login", { raw: "{" });
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.ts|stack/i);
  });

  it("allows CORS only for configured origins", async () => {
    const preflight = (origin: string) =>
      call("OPTIONS", "/v1/auth/login", { headers: { Origin: origin, "Access-Control-Request-Method": "POST" } });
    expect((await preflight("https://app.qchat.test")).headers.get("Access-Control-Allow-Origin")).toBe("https://app.qchat.test");
    expect((await preflight("https://evil.example")).headers.get("Access-Control-Allow-Origin")).toBeNull();
    // Every method a route uses is allowed cross-origin (PUT: muting a group).
    const methods = (await preflight("https://app.qchat.test")).headers.get("Access-Control-Allow-Methods") ?? "";
    for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"]) expect(methods).toContain(m);
  });
});
