// What a stranger can learn about which emails have accounts: register answers the code error
// first, and user search (the exact-email lookup) is limited per user.
import { describe, expect, it } from "vitest";
import { member } from "./friends-fixtures";
import { call, latestCode, newCredentials, redis, registerUser } from "./helpers";

const register = (body: Record<string, unknown>) => call("POST", "/v1/auth/register", { body });
const askCode = async (email: string) =>
  expect((await call("POST", "/v1/auth/code", { body: { email, purpose: "register" } })).status).toBe(200);
const search = (token: string, q: string) => call("GET", `/v1/users/search?q=${encodeURIComponent(q)}`, { token });

describe("register does not reveal taken emails or names without the code", () => {
  it("answers the code error, not EMAIL_TAKEN or USERNAME_TAKEN, to a wrong or missing code", async () => {
    const victim = await registerUser();
    const attacker = newCredentials();
    // No code was ever asked for this email since the victim signed up.
    expect((await register({ ...attacker, email: victim.email, code: "123456" })).body.error.code).toBe("CODE_EXPIRED");
    // A code went to the victim's mailbox; the attacker guesses.
    await redis("DEL", `qchat:code-cooldown:${victim.email}`);
    await askCode(victim.email);
    const guess = (await latestCode(victim.email)) === "000000" ? "111111" : "000000";
    expect((await register({ ...attacker, email: victim.email, code: guess })).body.error.code).toBe("CODE_INVALID");
    const stranger = newCredentials();
    await askCode(stranger.email);
    const wrong = (await latestCode(stranger.email)) === "000000" ? "111111" : "000000";
    expect((await register({ ...stranger, username: victim.username, code: wrong })).body.error.code).toBe("CODE_INVALID");
  });

  it("spends the code when the name turns out to be taken after it was accepted", async () => {
    const existing = await registerUser();
    const c = newCredentials();
    await askCode(c.email);
    const code = await latestCode(c.email);
    const taken = await register({ ...c, username: existing.username, code });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("USERNAME_TAKEN");
    expect(await redis("EXISTS", `qchat:code:register:${c.email}`)).toBe(0);
    expect((await register({ ...c, code })).body.error.code).toBe("CODE_EXPIRED");
  });

  it("limits registration attempts per email to 10 an hour", async () => {
    const c = newCredentials();
    const codes = [];
    for (let i = 0; i < 11; i++) codes.push((await register({ ...c, code: "000000" })).body.error.code);
    expect(codes).toEqual([...Array(10).fill("CODE_EXPIRED"), "RATE_LIMITED"]);
  });
});

describe("user search limits", () => {
  it("allows 120 searches an hour per user, then 429 RATE_LIMITED; other users are unaffected", async () => {
    const [me, other, target] = [await member("sl"), await member("sl"), await member("sl")];
    const statuses = await Promise.all(
      Array.from({ length: 120 }, (_, i) => search(me.token, i % 2 ? target.email : `nobody${i}@example.test`).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await search(me.token, target.email);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await search(other.token, target.email)).body.users.map((u: { id: number }) => u.id)).toEqual([target.id]);
  });

  it("matches emails exactly: no prefix, suffix or LIKE wildcards", async () => {
    const [me, target] = [await member(), await member()];
    const [local, domain] = target.email.split("@") as [string, string];
    for (const q of [
      `${local.slice(0, -1)}@${domain}`,
      `%@${domain}`,
      `${local}@%`,
      `_${local.slice(1)}@${domain}`,
      `${local}@${domain.slice(0, -1)}`,
    ]) {
      expect((await search(me.token, q)).body.users, q).toEqual([]);
    }
    expect((await search(me.token, target.email)).body.users).toHaveLength(1);
  });
});
