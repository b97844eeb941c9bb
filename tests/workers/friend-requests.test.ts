import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { befriend, member, publicView, type Member } from "./friends-fixtures";

const send = (from: Member, to: number, message?: string) =>
  call("POST", "/v1/friends/requests", { token: from.token, body: message === undefined ? { to } : { to, message } });
const answer = (by: Member, id: number, verb: "accept" | "reject", body: object = {}) =>
  call("POST", `/v1/friends/requests/${id}/${verb}`, { token: by.token, body });
const pending = async (m: Member) => (await call("GET", "/v1/friends/requests", { token: m.token })).body;
const friendIds = async (m: Member) => (await call("GET", "/v1/friends", { token: m.token })).body.friends.map((f: { id: number }) => f.id);

describe("POST /v1/friends/requests", () => {
  it("sends a request with a message that both sides see as pending", async () => {
    const [alice, bob] = [await member(), await member()];
    const res = await send(alice, bob.id, "  hi, it's Alice  ");
    expect(res.status).toBe(201);
    const request = res.body.request;
    expect(request).toEqual({
      id: expect.any(Number),
      from: publicView(alice),
      to: publicView(bob),
      message: "hi, it's Alice",
      status: "pending",
      createdAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(request.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(await pending(bob)).toEqual({ incoming: [request], outgoing: [] });
    expect(await pending(alice)).toEqual({ incoming: [], outgoing: [request] });
    expect(JSON.stringify(res.body)).not.toContain("@");
  });

  it("refuses self, unknown users, duplicates, existing friends and long messages", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const self = await send(alice, alice.id);
    expect([self.status, self.body.error.code]).toEqual([400, "CANNOT_FRIEND_SELF"]);
    // Ids are random 9-digit numbers; look for one nobody holds.
    let unknownId = 100_000_000;
    while ((await call("GET", `/v1/users/search?q=${unknownId}`, { token: alice.token })).body.users.length) unknownId++;
    const unknown = await send(alice, unknownId);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "USER_NOT_FOUND"]);
    expect((await send(alice, bob.id)).status).toBe(201);
    const duplicate = await send(alice, bob.id);
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, "REQUEST_EXISTS"]);
    await befriend(alice, carol);
    for (const res of [await send(alice, carol.id), await send(carol, alice.id)]) {
      expect([res.status, res.body.error.code]).toEqual([409, "ALREADY_FRIENDS"]);
    }
    const long = await send(alice, carol.id, "x".repeat(201));
    expect([long.status, long.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    const badId = await call("POST", "/v1/friends/requests", { token: alice.token, body: { to: "bob" } });
    expect([badId.status, badId.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("turns a request back to someone who already asked into a friendship", async () => {
    const [alice, bob] = [await member(), await member()];
    await send(alice, bob.id, "hello");
    const res = await send(bob, alice.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mutual: true, friend: { ...publicView(alice), alias: "", presence: "offline" } });
    expect(await friendIds(alice)).toEqual([bob.id]);
    expect(await friendIds(bob)).toEqual([alice.id]);
    for (const m of [alice, bob]) expect(await pending(m)).toEqual({ incoming: [], outgoing: [] });
  });

  it("requires a token", async () => {
    expect((await call("POST", "/v1/friends/requests", { body: { to: 123456789 } })).status).toBe(401);
    expect((await call("GET", "/v1/friends/requests")).status).toBe(401);
  });
});

describe("GET /v1/friends/requests", () => {
  it("lists pending requests newest first", async () => {
    const [me, first, second, outgoingTo] = [await member(), await member(), await member(), await member()];
    const a = (await send(first, me.id)).body.request;
    const b = (await send(second, me.id)).body.request;
    const c = (await send(me, outgoingTo.id)).body.request;
    expect(await pending(me)).toEqual({ incoming: [b, a], outgoing: [c] });
  });
});

describe("POST /v1/friends/requests/:id/accept", () => {
  it("makes both users friends, with the accepter's alias for the requester", async () => {
    const [alice, bob] = [await member(), await member()];
    const { id } = (await send(alice, bob.id)).body.request;
    const res = await answer(bob, id, "accept", { alias: "Ally" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ friend: { ...publicView(alice), alias: "Ally", presence: "offline" } });
    const bobsList = (await call("GET", "/v1/friends", { token: bob.token })).body.friends;
    const alicesList = (await call("GET", "/v1/friends", { token: alice.token })).body.friends;
    expect(bobsList).toEqual([{ ...publicView(alice), alias: "Ally", presence: "offline" }]);
    expect(alicesList).toEqual([{ ...publicView(bob), alias: "", presence: "offline" }]);
    for (const m of [alice, bob]) expect(await pending(m)).toEqual({ incoming: [], outgoing: [] });
  });

  it("lets only the addressee accept, and only once, without revealing others' requests", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const { id } = (await send(alice, bob.id)).body.request;
    const own = await answer(alice, id, "accept");
    expect([own.status, own.body.error.code]).toEqual([403, "FORBIDDEN"]);
    const stranger = await answer(carol, id, "accept");
    expect([stranger.status, stranger.body.error.code]).toEqual([404, "REQUEST_NOT_FOUND"]);
    const missing = await answer(bob, 9_007_199_254, "accept");
    expect([missing.status, missing.body.error.code]).toEqual([404, "REQUEST_NOT_FOUND"]);
    // The stranger's answer is the same as for a request that does not exist.
    expect(stranger.body).toEqual(missing.body);
    // No body at all is fine: the alias is optional.
    const accepted = await call("POST", `/v1/friends/requests/${id}/accept`, { token: bob.token });
    expect([accepted.status, accepted.body.friend.alias]).toEqual([200, ""]);
    const again = await answer(bob, id, "accept");
    expect([again.status, again.body.error.code]).toEqual([404, "REQUEST_NOT_FOUND"]);
  });

  it("validates the id and the alias", async () => {
    const [alice, bob] = [await member(), await member()];
    const { id } = (await send(alice, bob.id)).body.request;
    const badId = await answer(bob, 0, "accept");
    expect([badId.status, badId.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    const longAlias = await answer(bob, id, "accept", { alias: "a".repeat(65) });
    expect([longAlias.status, longAlias.body.error.code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(await pending(bob)).toMatchObject({ incoming: [{ id, status: "pending" }] });
  });
});

describe("POST /v1/friends/requests/:id/reject", () => {
  it("rejects a request, which the requester may then send again", async () => {
    const [alice, bob] = [await member(), await member()];
    const { id } = (await send(alice, bob.id, "first")).body.request;
    expect(await answer(bob, id, "reject")).toMatchObject({ status: 200, body: { ok: true } });
    for (const m of [alice, bob]) expect(await pending(m)).toEqual({ incoming: [], outgoing: [] });
    expect(await friendIds(alice)).toEqual([]);
    const again = await answer(bob, id, "reject");
    expect([again.status, again.body.error.code]).toEqual([404, "REQUEST_NOT_FOUND"]);
    const resent = await send(alice, bob.id, "second try");
    expect(resent.status).toBe(201);
    expect(resent.body.request).toMatchObject({ id, message: "second try", status: "pending" });
    expect((await pending(bob)).incoming).toEqual([resent.body.request]);
  });

  it("lets only the addressee reject", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const { id } = (await send(alice, bob.id)).body.request;
    const own = await answer(alice, id, "reject");
    expect([own.status, own.body.error.code]).toEqual([403, "FORBIDDEN"]);
    const stranger = await answer(carol, id, "reject");
    expect([stranger.status, stranger.body.error.code]).toEqual([404, "REQUEST_NOT_FOUND"]);
    expect((await pending(bob)).incoming).toHaveLength(1);
  });
});

describe("removing and re-adding a friend", () => {
  it("lets either side request again after a removal", async () => {
    const [alice, bob] = [await member(), await member()];
    await befriend(alice, bob);
    expect((await call("DELETE", `/v1/friends/${bob.id}`, { token: alice.token })).body).toEqual({ ok: true });
    const again = await send(alice, bob.id, "sorry");
    expect(again.status).toBe(201);
    expect((await answer(bob, again.body.request.id, "accept")).status).toBe(200);
    expect(await friendIds(alice)).toEqual([bob.id]);
    await call("DELETE", `/v1/friends/${alice.id}`, { token: bob.token });
    const fromBob = await send(bob, alice.id);
    expect(fromBob.status).toBe(201);
    expect(fromBob.body.request).toMatchObject({ from: publicView(bob), to: publicView(alice), status: "pending" });
  });
});
