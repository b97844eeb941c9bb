import { describe, expect, it } from "vitest";
import { call, latestCode, newCredentials, redis, registerUser } from "./helpers";

async function codeFor(email: string, purpose = "register") {
  const res = await call("POST", "/v1/auth/code", { body: { email, purpose } });
  expect(res.status).toBe(200);
  return latestCode(email);
}

const register = (body: Record<string, unknown>) => call("POST", "/v1/auth/register", { body });

describe("POST /v1/auth/register", () => {
  it("creates the user with a 9-digit id and returns the profile without secrets", async () => {
    const c = newCredentials();
    const res = await register({ ...c, email: c.email.toUpperCase(), code: await codeFor(c.email) });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: c.username, email: c.email, nickname: c.username, bio: "", sex: "unknown" });
    expect(String(res.body.user.id)).toMatch(/^[1-9]\d{8}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
  });

  it("refuses passwords shorter than 8 or longer than 128 characters", async () => {
    const c = newCredentials();
    const code = await codeFor(c.email);
    for (const password of ["short7!", "x".repeat(129)]) {
      const res = await register({ ...c, password, code });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("WEAK_PASSWORD");
    }
    // The code was not consumed by the refused attempts.
    expect((await register({ ...c, code })).status).toBe(201);
  });

  it("refuses a taken username (any case) and a taken email", async () => {
    const existing = await registerUser();
    const c = newCredentials();
    const code = await codeFor(c.email);
    const sameName = await register({ ...c, username: existing.username.toUpperCase(), code });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.code).toBe("USERNAME_TAKEN");
    const other = newCredentials();
    const sameEmail = await register({ ...other, email: existing.email, code: await codeFor(existing.email) });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.code).toBe("EMAIL_TAKEN");
  });

  it("rejects a wrong code and says how many tries are left", async () => {
    const c = newCredentials();
    const code = await codeFor(c.email);
    const wrong = code === "000000" ? "111111" : "000000";
    const res = await register({ ...c, code: wrong });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "CODE_INVALID", message: expect.stringContaining("4 tries left") });
  });

  it("voids the code after 5 wrong tries, even for the right code afterwards", async () => {
    const c = newCredentials();
    const code = await codeFor(c.email);
    const wrong = code === "000000" ? "111111" : "000000";
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await register({ ...c, code: wrong })).body.error.code);
    expect(codes).toEqual(["CODE_INVALID", "CODE_INVALID", "CODE_INVALID", "CODE_INVALID", "CODE_ATTEMPTS_EXCEEDED"]);
    const right = await register({ ...c, code });
    expect(right.body.error.code).toBe("CODE_EXPIRED");
  });

  it("rejects an expired code", async () => {
    const c = newCredentials();
    const code = await codeFor(c.email);
    // Move time forward for this key only: Redis expires it as the TTL would.
    await redis("PEXPIRE", `qchat:code:register:${c.email}`, 1);
    await new Promise((r) => setTimeout(r, 20));
    const res = await register({ ...c, code });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("CODE_EXPIRED");
  });

  it("validates username shape and missing fields", async () => {
    const c = newCredentials();
    for (const username of ["ab", "123456789", "has space", "x".repeat(33), "-dash"]) {
      const res = await register({ ...c, username, code: "123456" });
      expect(res.status, username).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
    const missing = await register({ email: c.email });
    expect(missing.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["code", "password", "username"]);
  });
});
