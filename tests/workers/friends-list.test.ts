import { describe, expect, it } from "vitest";
import { call, redis } from "./helpers";
import { befriend, member, publicView, type Member } from "./friends-fixtures";

const friends = async (m: Member) => (await call("GET", "/v1/friends", { token: m.token })).body.friends;

describe("GET /v1/friends", () => {
  it("lists friends with the caller's aliases, public fields only", async () => {
    const [me, alice, bob, stranger] = [await member(), await member(), await member(), await member()];
    await befriend(alice, me, "Ali");
    await befriend(me, bob);
    await call("POST", "/v1/friends/requests", { token: stranger.token, body: { to: me.id } });
    const res = await call("GET", "/v1/friends", { token: me.token });
    expect(res.status).toBe(200);
    const expected = [
      { ...publicView(alice), alias: "Ali", presence: "offline" },
      { ...publicView(bob), alias: "", presence: "offline" },
    ].sort((x, y) => x.username.localeCompare(y.username));
    expect(res.body).toEqual({ friends: expected });
    expect(JSON.stringify(res.body)).not.toContain("@");
  });

  it("shows each friend's presence from the key their Durable Object keeps in Redis", async () => {
    const [me, online, busy, odd, absent] = [await member(), await member(), await member(), await member(), await member()];
    for (const f of [online, busy, odd, absent]) await befriend(me, f);
    await redis("SET", `qchat:presence:${online.id}`, "online");
    await redis("SET", `qchat:presence:${busy.id}`, "busy");
    // Anything but online/busy (e.g. a stray "invisible") must read as offline, never leak.
    await redis("SET", `qchat:presence:${odd.id}`, "invisible");
    const byId = new Map((await friends(me)).map((f: { id: number; presence: string }) => [f.id, f.presence]));
    expect(Object.fromEntries(byId)).toEqual({ [online.id]: "online", [busy.id]: "busy", [odd.id]: "offline", [absent.id]: "offline" });
    await redis("DEL", `qchat:presence:${online.id}`);
    expect((await friends(me)).find((f: { id: number }) => f.id === online.id).presence).toBe("offline");
  });

  it("is empty for a new user and requires a token", async () => {
    expect(await friends(await member())).toEqual([]);
    const res = await call("GET", "/v1/friends");
    expect([res.status, res.body.error.code]).toEqual([401, "UNAUTHORIZED"]);
  });
});

describe("PATCH /v1/friends/:id", () => {
  it("sets, keeps and clears the caller's alias without touching the friend's", async () => {
    const [me, alice] = [await member(), await member()];
    await befriend(me, alice, "Me-from-alice");
    const res = await call("PATCH", `/v1/friends/${alice.id}`, { token: me.token, body: { alias: "  Al  " } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ friend: { ...publicView(alice), alias: "Al", presence: "offline" } });
    // Setting the same alias again is not an error.
    expect((await call("PATCH", `/v1/friends/${alice.id}`, { token: me.token, body: { alias: "Al" } })).status).toBe(200);
    expect(await friends(me)).toEqual([res.body.friend]);
    expect((await friends(alice))[0].alias).toBe("Me-from-alice");
    const cleared = await call("PATCH", `/v1/friends/${alice.id}`, { token: me.token, body: { alias: "" } });
    expect(cleared.body.friend.alias).toBe("");
  });

  it("refuses non-friends and bad input", async () => {
    const [me, stranger] = [await member(), await member()];
    const notFriend = await call("PATCH", `/v1/friends/${stranger.id}`, { token: me.token, body: { alias: "x" } });
    expect([notFriend.status, notFriend.body.error.code]).toEqual([403, "NOT_FRIENDS"]);
    const long = await call("PATCH", `/v1/friends/${stranger.id}`, { token: me.token, body: { alias: "a".repeat(65) } });
    expect([long.status, long.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    const badId = await call("PATCH", "/v1/friends/abc", { token: me.token, body: { alias: "x" } });
    expect([badId.status, badId.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    const noBody = await call("PATCH", `/v1/friends/${stranger.id}`, { token: me.token, body: {} });
    expect([noBody.status, noBody.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
  });
});

describe("DELETE /v1/friends/:id", () => {
  it("removes the friendship for both users", async () => {
    const [me, alice, bob] = [await member(), await member(), await member()];
    await befriend(me, alice);
    await befriend(me, bob);
    const res = await call("DELETE", `/v1/friends/${alice.id}`, { token: me.token });
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    expect((await friends(me)).map((f: { id: number }) => f.id)).toEqual([bob.id]);
    expect(await friends(alice)).toEqual([]);
    const again = await call("DELETE", `/v1/friends/${alice.id}`, { token: me.token });
    expect([again.status, again.body.error.code]).toEqual([403, "NOT_FRIENDS"]);
    const fromAlice = await call("DELETE", `/v1/friends/${me.id}`, { token: alice.token });
    expect(fromAlice.body.error.code).toBe("NOT_FRIENDS");
  });

  it("validates the id and requires a token", async () => {
    const me = await member();
    const badId = await call("DELETE", "/v1/friends/12", { token: me.token });
    expect([badId.status, badId.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    expect((await call("DELETE", `/v1/friends/${me.id}`)).status).toBe(401);
  });
});
