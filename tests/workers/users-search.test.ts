import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { member, publicView } from "./friends-fixtures";

/** A prefix no other test uses, so result sets are exact. */
const uniquePrefix = (tag: string) => `${tag}${Math.random().toString(36).slice(2, 8)}`;

const search = (token: string, params: Record<string, string | number>) =>
  call("GET", `/v1/users/search?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`, { token });

describe("GET /v1/users/search", () => {
  it("finds users by username prefix, in any case, with public fields only", async () => {
    const prefix = uniquePrefix("sp");
    const [me, alice] = [await member(), await member(`${prefix}A`)];
    const res = await search(me.token, { q: prefix.toUpperCase() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ users: [publicView(alice)], nextCursor: null });
  });

  it("matches the normalised username key: a look-alike prefix (accented) finds nobody", async () => {
    const prefix = uniquePrefix("ap");
    const [me, rene] = [await member(), await member(`${prefix}rene`)];
    // MariaDB's default collation would match `é` to `e`; the key is compared byte for byte.
    expect((await search(me.token, { q: `${prefix}ren\u00e9` })).body.users).toEqual([]);
    expect((await search(me.token, { q: `${prefix}RENE` })).body.users).toEqual([publicView(rene)]);
  });

  it("finds a user by exact email (trimmed, any case) and by exact id, without ever showing the email", async () => {
    const [me, bob] = [await member(), await member()];
    const byEmail = await search(me.token, { q: `  ${bob.email.toUpperCase()} ` });
    const byId = await search(me.token, { q: bob.id });
    for (const res of [byEmail, byId]) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ users: [publicView(bob)], nextCursor: null });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain("@");
      expect(text).not.toMatch(/email|password|pbkdf2/i);
    }
    // Emails match exactly, never as a prefix.
    expect((await search(me.token, { q: bob.email.slice(0, -2) })).body.users).toEqual([]);
  });

  it("never returns the caller", async () => {
    const prefix = uniquePrefix("self");
    const me = await member(prefix);
    for (const q of [prefix, me.email, String(me.id)]) {
      expect((await search(me.token, { q })).body).toEqual({ users: [], nextCursor: null });
    }
  });

  it("pages through a prefix in username order with an opaque cursor", async () => {
    const prefix = uniquePrefix("pg");
    const me = await member();
    const found = [];
    for (let i = 0; i < 5; i++) found.push(await member(`${prefix}${i}`));
    const seen: unknown[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    do {
      const res = await search(me.token, { q: prefix, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      pageSizes.push(res.body.users.length);
      seen.push(...res.body.users);
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(found.map(publicView));
  });

  it("treats SQL and LIKE metacharacters in q as plain text", async () => {
    const prefix = uniquePrefix("mx");
    const me = await member();
    const underscored = await member(`${prefix}_`);
    await member(`${prefix}x`);
    // `_` would match any character if it were a wildcard; it must match only itself.
    expect((await search(me.token, { q: `${prefix}_` })).body.users).toEqual([publicView(underscored)]);
    for (const q of [`${prefix}%`, "%", "%%", `${prefix}\\`, "\\", "'", `' OR '1'='1`, `${prefix}'; DROP TABLE users; --`, "\\%"]) {
      const res = await search(me.token, { q });
      expect(res.status, q).toBe(200);
      expect(res.body.users, q).toEqual([]);
    }
    // The table is still there.
    expect((await search(me.token, { q: prefix })).body.users).toHaveLength(2);
  });

  it("validates q, limit and cursor", async () => {
    const me = await member();
    const cases: Record<string, string | number>[] = [
      {},
      { q: "  " },
      { q: "ab", limit: 0 },
      { q: "ab", limit: 51 },
      { q: "ab", limit: "x" },
      { q: "ab", cursor: "not-a-cursor" },
    ];
    for (const params of cases) {
      const res = await search(me.token, params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("requires a token", async () => {
    const res = await call("GET", "/v1/users/search?q=abc");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHORIZED");
  });
});
