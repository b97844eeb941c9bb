// Usernames are looked up by one normalisation (NFKC + lower case) stored in `username_key` with
// a binary collation: look-alike spellings are other (unknown) names with budgets of their own,
// while every spelling of the real account shares that account's login budget.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertUser } from "../../workers/gateway/users";
import { getDb } from "../../workers/lib/db";
import { call, latestCode, newCredentials, registerUser } from "./helpers";

const attempt = (login: string, password: string) => call("POST", "/v1/auth/login", { body: { login, password } });

/** Accented look-alikes of a name: MariaDB's *_unicode_ci collation used to match them. */
const lookAlikes = (name: string) => [`à${name.slice(1)}`, `ã${name.slice(1)}`, `${name.slice(0, -1)}é`];

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await getDb(env).execute(query);
  return result.rows as T[];
}

describe("usernames are looked up by their normalised key", () => {
  it("stores the key lower-cased in a binary-collated, unique column", async () => {
    const u = await registerUser("Ab");
    const [row] = await rows<{ username: string; username_key: string }>(
      sql`SELECT username, username_key FROM users WHERE id = ${u.profile.id}`,
    );
    expect(row).toEqual({ username: u.username, username_key: u.username.toLowerCase() });
    const columns = await rows<{ name: string; collation: string }>(
      sql`SELECT COLUMN_NAME AS name, COLLATION_NAME AS collation FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME IN ('username_key', 'email') ORDER BY name`,
    );
    expect(columns).toEqual([
      { name: "email", collation: "utf8mb4_bin" },
      { name: "username_key", collation: "utf8mb4_bin" },
    ]);
  });

  it("never logs a look-alike name in as the account, and the look-alikes do not spend its budget", async () => {
    const u = await registerUser("a");
    for (const name of lookAlikes(u.username)) {
      // Right password and all: an unknown account, answered like any wrong login.
      for (let i = 0; i < 4; i++) expect((await attempt(name, u.password)).body.error.code).toBe("INVALID_CREDENTIALS");
    }
    // 12 look-alike attempts so far, more than the account's budget of 10: the account is untouched.
    const real = await attempt(u.username.toUpperCase(), u.password);
    expect(real.status).toBe(200);
    expect(real.body.user.id).toBe(u.profile.id);
  });

  it("counts every spelling of one account (any case, or its email) against one budget", async () => {
    const u = await registerUser("b");
    const spellings = [u.username, u.username.toUpperCase(), u.email.toUpperCase()];
    for (let i = 0; i < 10; i++) expect((await attempt(spellings[i % 3]!, "wrong password")).body.error.code).toBe("INVALID_CREDENTIALS");
    // The 11th try is refused even with the right password, under a spelling not used 4 times yet.
    const limited = await attempt(u.username.toUpperCase(), u.password);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
  });

  it("still limits guesses at a name that does not exist, per normalised spelling", async () => {
    const name = `Nobody${crypto.randomUUID().slice(0, 8)}`;
    const codes = [];
    for (let i = 0; i < 11; i++) codes.push((await attempt(i % 2 ? name : name.toLowerCase(), "wrong password")).body.error.code);
    expect(codes.slice(0, 10).every((c) => c === "INVALID_CREDENTIALS")).toBe(true);
    expect(codes[10]).toBe("RATE_LIMITED");
  });

  it("refuses to register a name whose key is taken, in the route and at the unique index", async () => {
    const u = await registerUser("c");
    const other = newCredentials();
    await call("POST", "/v1/auth/code", { body: { email: other.email, purpose: "register" } });
    const code = await latestCode(other.email);
    const res = await call("POST", "/v1/auth/register", {
      body: { username: u.username.toUpperCase(), email: other.email, password: other.password, code },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("USERNAME_TAKEN");
    // A racing insert that skipped the check still hits the unique key.
    await expect(
      insertUser(getDb(env), { username: u.username.toUpperCase(), email: other.email, passwordHash: "x" }),
    ).rejects.toMatchObject({ code: "USERNAME_TAKEN" });
    const [count] = await rows<{ n: number | string }>(
      sql`SELECT COUNT(*) AS n FROM users WHERE username_key = ${u.username.toLowerCase()}`,
    );
    expect(Number(count!.n)).toBe(1);
  });
});
