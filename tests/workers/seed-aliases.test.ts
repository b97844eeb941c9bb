import { describe, expect, it } from "vitest";
import { call, latestCode, mailTo, newCredentials, registerUser } from "./helpers";

describe("seed compatibility routes", () => {
  it("GET /get_test answers error 0", async () => {
    const res = await call("GET", "/get_test");
    expect(res.status).toBe(200);
    expect(res.body.error).toBe(0);
  });

  it("registers through /get_code + /user_register and logs in through /user_login", async () => {
    const c = newCredentials("seed");
    expect((await call("POST", "/get_code", { body: { email: c.email } })).body).toEqual({ error: 0, email: c.email });
    const varifycode = await latestCode(c.email);
    const reg = await call("POST", "/user_register", {
      body: { user: c.username, email: c.email, passwd: c.password, confirm: c.password, varifycode },
    });
    expect(reg.body).toMatchObject({ error: 0, user: c.username, email: c.email });
    expect(String(reg.body.uid)).toMatch(/^\d{9}$/);
    const byEmail = await call("POST", "/user_login", { body: { email: c.email, passwd: c.password } });
    expect(byEmail.body).toMatchObject({ error: 0, uid: reg.body.uid, email: c.email, host: "qchat.test", port: 80 });
    const me = await call("GET", "/v1/me", { token: byEmail.body.token });
    expect(me.body.user.id).toBe(reg.body.uid);
    const byUser = await call("POST", "/user_login", { body: { user: c.username, passwd: c.password } });
    expect(byUser.body.error).toBe(0);
  });

  it("maps every failure to the seed's error numbers", async () => {
    const existing = await registerUser("seed");
    const c = newCredentials("seed");
    expect((await call("POST", "/get_code", { raw: "{oops" })).body.error).toBe(1001);
    expect((await call("POST", "/user_register", { body: { user: c.username } })).body.error).toBe(1001);
    const mismatch = { user: c.username, email: c.email, passwd: c.password, confirm: "something else", varifycode: "123456" };
    expect((await call("POST", "/user_register", { body: mismatch })).body.error).toBe(1006);
    await call("POST", "/get_code", { body: { email: c.email } });
    const code = await latestCode(c.email);
    const wrong = code === "000000" ? "111111" : "000000";
    const base = { user: c.username, email: c.email, passwd: c.password, confirm: c.password };
    expect((await call("POST", "/user_register", { body: { ...base, varifycode: wrong } })).body.error).toBe(1004);
    const taken = await call("POST", "/user_register", { body: { ...base, user: existing.username, varifycode: code } });
    expect(taken.body.error).toBe(1005);
    expect((await call("POST", "/user_login", { body: { user: existing.username, passwd: "not the password" } })).body.error).toBe(1009);
    const other = newCredentials("seed");
    const expired = await call("POST", "/user_register", {
      body: { user: other.username, email: other.email, passwd: other.password, confirm: other.password, varifycode: "123456" },
    });
    expect(expired.body.error).toBe(1003);
  });

  it("resets a password through /get_code + /reset_pwd and checks user and email match", async () => {
    const u = await registerUser("seed");
    expect((await call("POST", "/get_code", { body: { email: u.email } })).body.error).toBe(0);
    // The alias mails a reset code when the account exists.
    expect((await mailTo(u.email))[0]?.text).toMatch(/reset your QChat password/);
    const varifycode = await latestCode(u.email);
    const mismatch = await call("POST", "/reset_pwd", {
      body: { email: u.email, user: "someone-else", passwd: "new password 1", varifycode },
    });
    expect(mismatch.body.error).toBe(1007);
    const ok = await call("POST", "/reset_pwd", { body: { email: u.email, user: u.username, passwd: "new password 1", varifycode } });
    expect(ok.body).toMatchObject({ error: 0, email: u.email, user: u.username });
    expect((await call("POST", "/user_login", { body: { user: u.username, passwd: "new password 1" } })).body.error).toBe(0);
  });
});
