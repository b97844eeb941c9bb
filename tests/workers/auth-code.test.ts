import { describe, expect, it } from "vitest";
import { call, latestCode, mailTo, newCredentials, registerUser } from "./helpers";

describe("POST /v1/auth/code", () => {
  it("emails a 6-digit code as HTML and text", async () => {
    const { email } = newCredentials();
    const res = await call("POST", "/v1/auth/code", { body: { email, purpose: "register" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, expiresIn: 300, cooldown: 60 });
    const [mail] = await mailTo(email);
    expect(mail?.subject).toMatch(/QChat code: \d{6}/);
    const code = await latestCode(email);
    expect(mail?.html).toContain(code);
    expect(mail?.text).toContain(code);
  });

  it("normalises the email so case does not matter", async () => {
    const { email } = newCredentials();
    await call("POST", "/v1/auth/code", { body: { email: `  ${email.toUpperCase()} `, purpose: "register" } });
    expect(await latestCode(email)).toMatch(/^\d{6}$/);
  });

  it("refuses a second request within the cooldown with 429 and Retry-After", async () => {
    const { email } = newCredentials();
    expect((await call("POST", "/v1/auth/code", { body: { email, purpose: "register" } })).status).toBe(200);
    const again = await call("POST", "/v1/auth/code", { body: { email, purpose: "reset" } });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe("CODE_COOLDOWN");
    expect(Number(again.headers.get("Retry-After"))).toBeGreaterThan(50);
    expect(again.body.error.retryAfter).toBeGreaterThan(50);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("answers a reset for an unknown email exactly like a known one, without sending mail", async () => {
    const known = await registerUser();
    const unknown = newCredentials();
    const a = await call("POST", "/v1/auth/code", { body: { email: known.email, purpose: "reset" } });
    const b = await call("POST", "/v1/auth/code", { body: { email: unknown.email, purpose: "reset" } });
    expect(a.status).toBe(200);
    expect(b).toEqual({ ...a, headers: b.headers });
    expect(await mailTo(unknown.email)).toHaveLength(0);
    expect((await mailTo(known.email))[0]?.subject).toMatch(/code/);
  });

  it("rejects bad JSON, missing fields, bad emails and unknown purposes with typed errors", async () => {
    const badJson = await call("POST", "/v1/auth/code", { raw: "{not json" });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe("INVALID_JSON");
    const missing = await call("POST", "/v1/auth/code", { body: { purpose: "register" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "email" }] });
    const badEmail = await call("POST", "/v1/auth/code", { body: { email: "not-an-email", purpose: "register" } });
    expect(badEmail.body.error.code).toBe("VALIDATION_FAILED");
    const badPurpose = await call("POST", "/v1/auth/code", { body: { email: "a@example.test", purpose: "steal" } });
    expect(badPurpose.body.error.code).toBe("VALIDATION_FAILED");
  });
});
