import { describe, expect, it } from "vitest";
import { call, latestCode, login, registerUser } from "./helpers";

const refresh = (refreshToken: string) => call("POST", "/v1/auth/refresh", { body: { refreshToken } });

describe("POST /v1/auth/refresh", () => {
  it("exchanges a refresh token for a new access token and a rotated refresh token", async () => {
    const u = await registerUser();
    const first = await login(u.username, u.password);
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).not.toBe(first.refreshToken);
    expect((await call("GET", "/v1/me", { token: res.body.token })).body.user.id).toBe(u.profile.id);
    // Same session: the old access token keeps working until it expires.
    expect((await call("GET", "/v1/me", { token: first.token })).status).toBe(200);
  });

  it("revokes the whole session when an already-used refresh token comes back", async () => {
    const u = await registerUser();
    const first = await login(u.username, u.password);
    const second = (await refresh(first.refreshToken)).body;
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("TOKEN_REVOKED");
    expect((await call("GET", "/v1/me", { token: second.token })).body.error.code).toBe("TOKEN_REVOKED");
    expect((await refresh(second.refreshToken)).body.error.code).toBe("TOKEN_REVOKED");
  });

  it("stops working after logout and after a password reset", async () => {
    const u = await registerUser();
    const a = await login(u.username, u.password);
    const b = await login(u.username, u.password);
    await call("POST", "/v1/auth/logout", { token: a.token });
    expect((await refresh(a.refreshToken)).body.error.code).toBe("TOKEN_REVOKED");
    expect((await refresh(b.refreshToken)).status).toBe(200);
    await call("POST", "/v1/auth/code", { body: { email: u.email, purpose: "reset" } });
    const code = await latestCode(u.email);
    await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "another long password" } });
    expect((await refresh(b.refreshToken)).status).toBe(401);
  });

  it("rejects malformed and forged refresh tokens", async () => {
    expect((await refresh("not-a-refresh-token")).body.error.code).toBe("TOKEN_INVALID");
    expect((await refresh(`${crypto.randomUUID()}.forgedsecretvalue`)).body.error.code).toBe("TOKEN_REVOKED");
    const u = await registerUser();
    const real = await login(u.username, u.password);
    const forged = `${real.refreshToken.split(".")[0]}.${"A".repeat(43)}`;
    expect((await refresh(forged)).status).toBe(401);
    expect((await call("POST", "/v1/auth/refresh", { body: {} })).body.error.code).toBe("VALIDATION_FAILED");
  });
});
