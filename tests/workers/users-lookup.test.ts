// GET /v1/users?ids=: public profiles by id (nothing private), deleted accounts listed as such,
// unknown ids in neither list; a bearer token and a per-user limit.
import { describe, expect, it } from "vitest";
import { USER_LOOKUP_MAX } from "../../protocol/account";
import { member, publicView } from "./friends-fixtures";
import { call } from "./helpers";

describe("user lookup by id", () => {
  it("answers public profiles only, deduplicated, and leaves unknown ids out", async () => {
    const [a, b, c] = await Promise.all([member("la"), member("lb"), member("lc")]);
    const unknown = 100_000_001;
    const res = await call("GET", `/v1/users?ids=${b.id},${c.id},${b.id},${unknown}`, { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.deleted).toEqual([]);
    expect(res.body.users.sort((x: { id: number }, y: { id: number }) => x.id - y.id)).toEqual(
      [publicView(b), publicView(c)].sort((x, y) => x.id - y.id),
    );
    expect(JSON.stringify(res.body)).not.toContain(b.email);
  });

  it("lists a deleted account as deleted", async () => {
    const [a, gone] = await Promise.all([member("ld"), member("lg")]);
    expect((await call("POST", "/v1/me/delete", { token: gone.token, body: { password: "correct horse battery" } })).status).toBe(200);
    const res = await call("GET", `/v1/users?ids=${gone.id},${a.id}`, { token: a.token });
    expect(res.body).toEqual({ users: [publicView(a)], deleted: [gone.id] });
  });

  it("needs a token and well-formed ids, at most USER_LOOKUP_MAX", async () => {
    const a = await member("lv");
    expect((await call("GET", `/v1/users?ids=${a.id}`)).status).toBe(401);
    for (const ids of ["", "12", "abc", `${a.id},`]) {
      const res = await call("GET", `/v1/users?ids=${ids}`, { token: a.token });
      expect([ids, res.status, res.body.error.code]).toEqual([ids, 400, "VALIDATION_FAILED"]);
    }
    const tooMany = Array.from({ length: USER_LOOKUP_MAX + 1 }, (_, i) => 100_000_000 + i).join(",");
    expect((await call("GET", `/v1/users?ids=${tooMany}`, { token: a.token })).status).toBe(400);
    // The search route on the same module still answers.
    expect((await call("GET", `/v1/users/search?q=${a.username}`, { token: a.token })).status).toBe(200);
  });
});
