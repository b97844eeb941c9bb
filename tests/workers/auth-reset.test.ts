import { describe, expect, it } from "vitest";
import { call, latestCode, login, newCredentials, registerUser } from "./helpers";

async function resetCode(email: string) {
  expect((await call("POST", "/v1/auth/code", { body: { email, purpose: "reset" } })).status).toBe(200);
  return latestCode(email);
}

describe("POST /v1/auth/reset", () => {
  it("sets the new password, refuses the old one and revokes every session", async () => {
    const u = await registerUser();
    const first = await login(u.username, u.password);
    const second = await login(u.email, u.password);
    const code = await resetCode(u.email);
    const res = await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "a brand new password" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, revokedSessions: 2 });
    for (const { token } of [first, second]) expect((await call("GET", "/v1/me", { token })).body.error.code).toBe("TOKEN_REVOKED");
    expect((await call("POST", "/v1/auth/login", { body: { login: u.username, password: u.password } })).status).toBe(401);
    expect((await login(u.username, "a brand new password")).user.id).toBe(u.profile.id);
  });

  it("refuses a weak new password without consuming the code", async () => {
    const u = await registerUser();
    const code = await resetCode(u.email);
    const weak = await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "short" } });
    expect(weak.body.error.code).toBe("WEAK_PASSWORD");
    expect((await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "long enough now" } })).status).toBe(200);
  });

  it("does not accept a sign-up code as a reset code", async () => {
    const c = newCredentials();
    await call("POST", "/v1/auth/code", { body: { email: c.email, purpose: "register" } });
    const code = await latestCode(c.email);
    const res = await call("POST", "/v1/auth/reset", { body: { email: c.email, code, password: "long enough now" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("CODE_EXPIRED");
  });

  it("accepts a code once only", async () => {
    const u = await registerUser();
    const code = await resetCode(u.email);
    expect((await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "first new password" } })).status).toBe(200);
    const again = await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "second new password" } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("CODE_EXPIRED");
  });

  it("rejects a wrong code", async () => {
    const u = await registerUser();
    const code = await resetCode(u.email);
    const res = await call("POST", "/v1/auth/reset", {
      body: { email: u.email, code: code === "999999" ? "000000" : "999999", password: "long enough now" },
    });
    expect(res.body.error.code).toBe("CODE_INVALID");
  });
});
