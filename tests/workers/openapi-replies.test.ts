// The document against the real Worker: error replies triggered through SELF are the documented
// envelope (the zod schema it was generated from, and the published JSON Schema itself), with a
// status and code the route documents; success replies match their documented schema.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "../../protocol/errors";
import { befriend, member, type Member } from "./friends-fixtures";
import { BASE, call, requestsUntilRefused, type Reply } from "./helpers";
import { check } from "./openapi-schema-check";

type Schema = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }>; "x-error-codes": string[] };
type Doc = Schema & { paths: Record<string, Record<string, Operation>> };

let doc: Doc;
beforeAll(async () => {
  doc = (await (await SELF.fetch(`${BASE}/v1/openapi.json`)).json()) as Doc;
});

/** The documented operation whose path template matches a concrete path. */
function operationFor(method: string, path: string): Operation {
  const bare = path.split("?")[0]!;
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (pattern.test(bare) && item[method.toLowerCase()]) return item[method.toLowerCase()]!;
  }
  throw new Error(`not documented: ${method} ${bare}`);
}

/** The reply is documented for this route: its status, its code, and its body against the schema. */
function expectDocumented(method: string, path: string, reply: Reply) {
  const what = `${method} ${path} -> ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`;
  const op = operationFor(method, path);
  const documented = op.responses[String(reply.status)];
  expect(documented, `${what}: status not documented`).toBeDefined();
  const schema = documented!.content?.["application/json"]?.schema;
  expect(schema, what).toBeDefined();
  expect(check(doc, schema!, reply.body), what).toBeNull();
  if (reply.status >= 400) {
    expect(errorBodySchema.safeParse(reply.body).success, what).toBe(true);
    expect(op["x-error-codes"], what).toContain(reply.body.error.code);
  }
}

const UNKNOWN_GROUP = `g${"0".repeat(20)}`;
const UNKNOWN_FILE = `f${"0".repeat(24)}`;
const NOBODY = 123_456_789;

describe("documented error replies", () => {
  let u: Member;
  beforeAll(async () => {
    u = await member("oa");
  });

  const cases: [string, string, (t: string) => Parameters<typeof call>[2], number, string][] = [
    ["GET", "/v1/friends", () => ({}), 401, "UNAUTHORIZED"],
    ["GET", "/v1/me", () => ({ token: "not-a-token" }), 401, "TOKEN_INVALID"],
    ["POST", "/v1/auth/login", () => ({ body: {} }), 400, "VALIDATION_FAILED"],
    ["POST", "/v1/auth/login", () => ({ raw: "{" }), 400, "INVALID_JSON"],
    ["POST", "/v1/auth/login", () => ({ body: { login: "nobody-here", password: "wrong password" } }), 401, "INVALID_CREDENTIALS"],
    ["POST", "/v1/auth/refresh", () => ({ body: { refreshToken: "x".repeat(20) } }), 401, "TOKEN_INVALID"],
    ["GET", `/v1/groups/${UNKNOWN_GROUP}`, (token) => ({ token }), 404, "GROUP_NOT_FOUND"],
    ["GET", "/v1/groups/not-a-group", (token) => ({ token }), 404, "GROUP_NOT_FOUND"],
    ["PUT", `/v1/groups/${UNKNOWN_GROUP}/mute`, (token) => ({ token, body: { muted: true } }), 404, "GROUP_NOT_FOUND"],
    ["POST", "/v1/groups/join", (token) => ({ token, body: { token: "x".repeat(20) } }), 404, "INVITE_INVALID"],
    ["POST", "/v1/groups", (token) => ({ token, body: { name: "" } }), 400, "VALIDATION_FAILED"],
    ["GET", `/v1/files/${UNKNOWN_FILE}`, (token) => ({ token }), 404, "FILE_NOT_FOUND"],
    ["GET", `/v1/files/${UNKNOWN_FILE}/url`, (token) => ({ token }), 404, "FILE_NOT_FOUND"],
    ["GET", "/v1/files/not-a-file", (token) => ({ token }), 400, "VALIDATION_FAILED"],
    ["GET", `/v1/conversations/${NOBODY}/messages`, (token) => ({ token }), 404, "CONVERSATION_NOT_FOUND"],
    ["GET", "/v1/conversations/12/messages", (token) => ({ token }), 400, "VALIDATION_FAILED"],
    ["PATCH", `/v1/friends/${NOBODY}`, (token) => ({ token, body: { alias: "x" } }), 403, "NOT_FRIENDS"],
    ["POST", "/v1/friends/requests/999999999999/accept", (token) => ({ token, body: {} }), 404, "REQUEST_NOT_FOUND"],
    ["GET", "/v1/users/search", (token) => ({ token }), 400, "VALIDATION_FAILED"],
    ["GET", "/v1/ws", (token) => ({ token }), 400, "VALIDATION_FAILED"],
    ["POST", "/v1/files?name=setup.exe", (token) => ({ token, raw: "MZ\u0090\u0000 not an allowed type" }), 415, "FILE_TYPE_NOT_ALLOWED"],
  ];

  it.each(cases)("%s %s answers the documented %i %s", async (method, path, opts, status, code) => {
    const reply = await call(method, path, opts(u.token));
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expectDocumented(method, path, reply);
  });

  it("a friend request to oneself is 400 CANNOT_FRIEND_SELF, as documented", async () => {
    const reply = await call("POST", "/v1/friends/requests", { token: u.token, body: { to: u.id } });
    expect(reply.body.error.code).toBe("CANNOT_FRIEND_SELF");
    expectDocumented("POST", "/v1/friends/requests", reply);
  });

  it("past the per-user limit: 429 RATE_LIMITED with retryAfter, as documented", async () => {
    const asker = await member("oar");
    const path = "/v1/friends/requests";
    // Test limit: 5 per day; requests to nobody are refused 404 USER_NOT_FOUND and counted.
    const { refused } = await requestsUntilRefused(5, async () => {
      const reply = await call("POST", path, { token: asker.token, body: { to: NOBODY } });
      if (reply.status !== 429) expectDocumented("POST", path, reply);
      return reply;
    });
    expect(refused.body.error).toMatchObject({ code: "RATE_LIMITED", retryAfter: expect.any(Number) });
    expectDocumented("POST", path, refused);
  });

  it("admin stats without the admin token answer a documented code", async () => {
    const reply = await call("GET", "/v1/admin/stats");
    expect([401, 503]).toContain(reply.status);
    expectDocumented("GET", "/v1/admin/stats", reply);
  });

  it("a seed alias answers its failures as HTTP 200 with the seed's number, as documented", async () => {
    const reply = await call("POST", "/user_login", { body: { user: "nobody-here", passwd: "wrong password" } });
    expect(reply.status).toBe(200);
    expect(reply.body.error).toBeGreaterThan(1000);
    expectDocumented("POST", "/user_login", reply);
  });

  it("an unknown route is 404 NOT_FOUND in the same envelope", async () => {
    const reply = await call("GET", "/v1/no-such-route");
    expect(reply.status).toBe(404);
    expect(errorBodySchema.parse(reply.body).error.code).toBe("NOT_FOUND");
    const envelope = (doc.components as { schemas: Record<string, Schema> }).schemas.ErrorBody!;
    expect(check(doc, envelope, reply.body)).toBeNull();
  });
});

describe("documented success replies", () => {
  it("the account, friend, group and conversation replies match their documented schemas", async () => {
    const [a, b] = [await member("oas"), await member("oas")];
    const loggedIn = await call("POST", "/v1/auth/login", { body: { login: a.username, password: "correct horse battery" } });
    expectDocumented("POST", "/v1/auth/login", loggedIn);
    await befriend(a, b);
    const group = await call("POST", "/v1/groups", { token: a.token, body: { name: "docs", members: [b.id] } });
    expect(group.status).toBe(201);
    const id = group.body.group.groupId as string;
    const gets: [string, string, string?][] = [
      ["GET", "/v1/me"],
      ["GET", "/v1/status"],
      ["GET", "/v1/friends"],
      ["GET", "/v1/friends/requests"],
      ["GET", `/v1/users/search?q=${b.username}`],
      ["GET", "/v1/conversations"],
      ["GET", `/v1/conversations/${b.id}/messages`],
      ["GET", "/v1/groups"],
      ["GET", `/v1/groups/${id}`],
      ["GET", `/v1/groups/${id}/members`],
      ["GET", `/v1/groups/${id}/messages`],
      ["GET", `/v1/groups/${id}/receipts?seqs=1`],
    ];
    expectDocumented("POST", "/v1/groups", group);
    for (const [method, path] of gets) {
      const reply = await call(method, path, { token: a.token });
      expect(reply.status, path).toBe(200);
      expectDocumented(method, path, reply);
    }
    for (const [method, path, body] of [
      ["PATCH", `/v1/groups/${id}`, { topic: "openapi" }],
      ["POST", `/v1/groups/${id}/invites`, {}],
      ["PUT", `/v1/groups/${id}/mute`, { muted: true }],
      ["PATCH", `/v1/friends/${b.id}`, { alias: "bee" }],
    ] as const) {
      const reply = await call(method, path, { token: a.token, body });
      expect(reply.status, path).toBeLessThan(300);
      expectDocumented(method, path, reply);
    }
  });
});
