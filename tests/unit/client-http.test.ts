// createHttpClient against a scripted fetch: routes, methods, bodies and query strings, the
// token kept after login, and QChatError built from the error envelope.
import { describe, expect, it } from "vitest";
import { createHttpClient, QChatError, type FetchLike } from "../../client";

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each call and answers with the next scripted reply. */
function scriptedFetch(...replies: { status?: number; body?: unknown; raw?: string; headers?: Record<string, string> }[]) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({
      url,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    });
    const reply = replies.shift() ?? { body: { ok: true } };
    return new Response(reply.raw ?? JSON.stringify(reply.body), { status: reply.status ?? 200, headers: reply.headers });
  };
  return { fetch, calls };
}

const login = { token: "tok", expiresAt: "x", user: { id: 482915736 }, chat: { url: "ws://qchat.test/v1/ws", shard: "s" } };

describe("createHttpClient", () => {
  it("keeps the token from login and sends it until logout", async () => {
    const { fetch, calls } = scriptedFetch(
      { body: login },
      { body: { user: { id: 1 } } },
      { body: { ok: true } },
      { body: { user: { id: 1 } } },
    );
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch });
    expect(await http.login({ login: "alice", password: "pw" })).toEqual(login);
    expect(calls[0]).toMatchObject({ url: "http://qchat.test/v1/auth/login", method: "POST", body: { login: "alice", password: "pw" } });
    expect(calls[0]!.headers.Authorization).toBeUndefined();
    expect(await http.me()).toEqual({ id: 1 });
    expect(calls[1]!.headers.Authorization).toBe("Bearer tok");
    await http.logout();
    expect(http.getToken()).toBeUndefined();
    await http.me();
    expect(calls[3]!.headers.Authorization).toBeUndefined();
  });

  it("maps friend and history calls to their routes", async () => {
    const { fetch, calls } = scriptedFetch(
      { body: { users: [], nextCursor: null } },
      { status: 201, body: { request: {} } },
      { body: { friend: { id: 2 } } },
      { body: { ok: true } },
      { body: { friend: { id: 2, alias: "bobby" } } },
      { body: { friends: [{ id: 2 }] } },
      { body: { ok: true } },
      { body: { messages: [] } },
      { body: { conversations: [] } },
    );
    const http = createHttpClient({ baseUrl: "http://qchat.test/api/", fetch, token: "t" });
    await http.searchUsers("bo b", { limit: 5 });
    await http.sendFriendRequest(517204938, "hi");
    expect(await http.acceptFriendRequest(7, "bobby")).toEqual({ id: 2 });
    await http.rejectFriendRequest(8);
    await http.setFriendAlias(517204938, "bobby");
    expect(await http.listFriends()).toEqual([{ id: 2 }]);
    await http.removeFriend(517204938);
    await http.history(517204938, { before: 40, limit: 20 });
    await http.conversations();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET http://qchat.test/api/v1/users/search?q=bo+b&limit=5",
      "POST http://qchat.test/api/v1/friends/requests",
      "POST http://qchat.test/api/v1/friends/requests/7/accept",
      "POST http://qchat.test/api/v1/friends/requests/8/reject",
      "PATCH http://qchat.test/api/v1/friends/517204938",
      "GET http://qchat.test/api/v1/friends",
      "DELETE http://qchat.test/api/v1/friends/517204938",
      "GET http://qchat.test/api/v1/conversations/517204938/messages?before=40&limit=20",
      "GET http://qchat.test/api/v1/conversations",
    ]);
    expect(calls[1]!.body).toEqual({ to: 517204938, message: "hi" });
    expect(calls[2]!.body).toEqual({ alias: "bobby" });
  });

  it("throws QChatError with the envelope's code, status, message and retryAfter", async () => {
    const { fetch } = scriptedFetch(
      { status: 429, body: { error: { code: "CODE_COOLDOWN", message: "wait", retryAfter: 42 } }, headers: { "Retry-After": "42" } },
      {
        status: 400,
        body: { error: { code: "VALIDATION_FAILED", message: "bad", issues: [{ path: "email", message: "Invalid input" }] } },
      },
    );
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch });
    const cooldown = await http.requestCode({ email: "a@b.c", purpose: "register" }).catch((e: unknown) => e);
    expect(cooldown).toBeInstanceOf(QChatError);
    expect(cooldown).toMatchObject({ code: "CODE_COOLDOWN", status: 429, message: "wait", retryAfter: 42 });
    await expect(http.register({ username: "al", email: "x", password: "p", code: "1" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      status: 400,
      issues: [{ path: "email", message: "Invalid input" }],
    });
  });

  it("turns non-envelope replies and network failures into QChatError", async () => {
    const { fetch } = scriptedFetch(
      { status: 502, raw: "<html>bad gateway</html>", headers: { "Retry-After": "5" } },
      { status: 200, raw: "not json" },
    );
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch });
    await expect(http.status()).rejects.toMatchObject({ code: "INVALID_RESPONSE", status: 502, retryAfter: 5 });
    await expect(http.status()).rejects.toMatchObject({ code: "INVALID_RESPONSE", status: 200 });
    const offline = createHttpClient({
      baseUrl: "http://qchat.test",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await expect(offline.me()).rejects.toMatchObject({ code: "NETWORK_ERROR", status: 0 });
  });
});
