import { describe, expect, it } from "vitest";
import { signToken } from "../../workers/status/token";
import { call, login, registerUser, seedUser } from "./helpers";
import { env } from "cloudflare:workers";

describe("POST /v1/auth/login", () => {
  it("logs in by username and by email (any case) and locates the user's chat shard", async () => {
    const u = await registerUser();
    const byName = await login(u.username, u.password);
    const byEmail = await login(u.email.toUpperCase(), u.password);
    for (const reply of [byName, byEmail]) {
      expect(reply.user).toMatchObject({ id: u.profile.id, username: u.username, email: u.email });
      expect(reply.token.split(".")).toHaveLength(3);
      // Short-lived access token (15 min); the refresh token keeps the session (30 days).
      expect(Date.parse(reply.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
      expect(Date.parse(reply.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      expect(Date.parse(reply.refreshExpiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
      expect(reply.chat.url).toBe("ws://qchat.test/v1/ws");
      expect(reply.chat.shard).toMatch(/^[0-9a-f]{64}$/);
    }
    // One user, one Durable Object: every login hands back the same shard.
    expect(byEmail.chat.shard).toBe(byName.chat.shard);
    expect(byEmail.token).not.toBe(byName.token);
  });

  it("answers a wrong password and an unknown user with the same 401", async () => {
    const u = await seedUser();
    const wrong = await call("POST", "/v1/auth/login", { body: { login: u.username, password: "wrong password" } });
    const unknown = await call("POST", "/v1/auth/login", { body: { login: "nobody-here", password: "wrong password" } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("INVALID_CREDENTIALS");
    }
    expect(unknown.body).toEqual(wrong.body);
  });

  it("rejects a login body without a password", async () => {
    const res = await call("POST", "/v1/auth/login", { body: { login: "someone" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
  });
});

describe("GET /v1/me", () => {
  it("returns the profile for a valid token", async () => {
    const u = await seedUser();
    const { token } = await login(u.username, u.password);
    const me = await call("GET", "/v1/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(u.profile);
  });

  it("refuses missing, forged, tampered and expired tokens with distinct codes", async () => {
    const u = await seedUser();
    const { token } = await login(u.username, u.password);
    expect((await call("GET", "/v1/me")).body.error.code).toBe("UNAUTHORIZED");
    const forged = await signToken({ sub: String(u.profile.id), jti: "x", iat: 0, exp: 4e9 }, "a-different-secret-of-enough-length-000");
    expect((await call("GET", "/v1/me", { token: forged })).body.error.code).toBe("TOKEN_INVALID");
    const [h, p, s] = token.split(".");
    const tampered = `${h}.${p!.slice(0, -2)}AA.${s}`;
    expect((await call("GET", "/v1/me", { token: tampered })).body.error.code).toBe("TOKEN_INVALID");
    const expired = await signToken({ sub: String(u.profile.id), jti: "x", iat: 1, exp: 2 }, env.TOKEN_SECRET);
    const res = await call("GET", "/v1/me", { token: expired });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("TOKEN_EXPIRED");
  });

  it("refuses a correctly signed token whose session was never recorded", async () => {
    const u = await seedUser();
    const now = Math.floor(Date.now() / 1000);
    const unknownSession = await signToken(
      { sub: String(u.profile.id), jti: crypto.randomUUID(), iat: now, exp: now + 60 },
      env.TOKEN_SECRET,
    );
    expect((await call("GET", "/v1/me", { token: unknownSession })).body.error.code).toBe("TOKEN_REVOKED");
  });
});

describe("POST /v1/auth/logout", () => {
  it("revokes that session only", async () => {
    const u = await seedUser();
    const a = await login(u.username, u.password);
    const b = await login(u.username, u.password);
    expect((await call("POST", "/v1/auth/logout", { token: a.token })).body).toEqual({ ok: true });
    expect((await call("GET", "/v1/me", { token: a.token })).body.error.code).toBe("TOKEN_REVOKED");
    expect((await call("GET", "/v1/me", { token: b.token })).status).toBe(200);
    expect((await call("POST", "/v1/auth/logout", { token: a.token })).status).toBe(401);
  });
});
