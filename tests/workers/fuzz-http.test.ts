// Property-based: random and mutated bodies, queries and path segments on every HTTP route get
// a typed 4xx envelope (or a success), never a 500 and never a stack trace.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { member } from "./friends-fixtures";

const FIELDS = [
  "email",
  "purpose",
  "username",
  "password",
  "code",
  "login",
  "to",
  "message",
  "alias",
  "user",
  "passwd",
  "confirm",
  "varifycode",
];
const anyValue = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("register", "reset", "a@b.co", "123456", "' OR 1=1 --", "%_\\", "<script>alert(1)</script>", "x".repeat(300)),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc.json(),
  fc.string({ unit: "binary", maxLength: 120 }),
  fc.integer({ min: 10, max: 3000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
);
const segment = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer().map(String),
  fc.constantFrom("..", "%00", "999999999", "-1", "1e9"),
);

const POSTS = [
  "/v1/auth/code",
  "/v1/auth/register",
  "/v1/auth/login",
  "/v1/auth/reset",
  "/v1/auth/logout",
  "/v1/friends/requests",
  "/get_code",
  "/user_register",
  "/reset_pwd",
  "/user_login",
];

function typed(res: { status: number; body: unknown }, what: string) {
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    const b = res.body as { error?: { code?: unknown } };
    expect(typeof b?.error?.code, what).toBe("string");
  }
  expect(JSON.stringify(res.body ?? "")).not.toMatch(/\bat \S+\.(ts|js):\d+/);
}

describe("fuzzing HTTP routes", () => {
  it("answers hostile bodies, queries and paths with typed errors, never 500", async () => {
    const u = await member("fh");
    // Logout ends its caller's session: it gets a user of its own, so every other route is
    // fuzzed signed in rather than answering 401 to a revoked token.
    const leaving = await member("fl");
    let cases = 0;
    for (const path of POSTS) {
      for (const raw of fc.sample(body, { numRuns: 20, seed: cases + 7 })) {
        const res = await call("POST", path, { raw, token: path === "/v1/auth/logout" ? leaving.token : u.token });
        // Seed aliases answer 200 with an integer `error`; only the global body limit (413) precedes them.
        if (!path.startsWith("/v1") && res.status !== 413) expect(typeof (res.body as { error: unknown }).error, path).toBe("number");
        else typed(res, `${path} ${raw.slice(0, 80)}`);
        if (res.status === 413) expect((res.body as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
        cases++;
      }
    }
    for (const s of fc.sample(segment, { numRuns: 40, seed: 42 })) {
      const e = encodeURIComponent(s);
      for (const [method, path] of [
        ["GET", `/v1/users/search?q=${e}&limit=${e}&cursor=${e}`],
        ["GET", `/v1/conversations/${e}/messages?before=${e}&limit=${e}`],
        ["POST", `/v1/friends/requests/${e}/accept`],
        ["POST", `/v1/friends/requests/${e}/reject`],
        ["PATCH", `/v1/friends/${e}`],
        ["DELETE", `/v1/friends/${e}`],
      ] as const) {
        typed(await call(method, path, { token: u.token, body: method === "GET" ? undefined : { alias: s } }), `${method} ${path}`);
        cases++;
      }
    }
    console.log(`fuzz: ${cases} hostile HTTP requests, none answered with 500`);
    expect(cases).toBeGreaterThan(400);
  }, 90_000);

  it("stores SQL and HTML metacharacters as plain text", async () => {
    const u = await member("sq");
    const hostile = "Robert'); DROP TABLE users;-- <script>alert(1)</script> %_\\";
    const res = await call("POST", "/v1/friends/requests", { token: u.token, body: { to: (await member("t")).id, message: hostile } });
    expect(res.status).toBe(201);
    expect(res.body.request.message).toBe(hostile);
    expect(
      (await call("GET", `/v1/users/search?q=${encodeURIComponent("'; DROP TABLE users;--")}`, { token: u.token })).body.users,
    ).toEqual([]);
  });
});
