// Blocking, through the real routes and sockets: the blocked user gets a stranger's answers and
// is never told; the rows are read from MySQL itself.
import { and, eq, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { blocks, friendRequests, friendships } from "../../schema";
import { call } from "./helpers";
import { befriend, member, publicView } from "./friends-fixtures";
import { connect, friendPair, sleep } from "./chat-fixtures";
import { testDb } from "./mysql-rows";

const blockRows = (a: number, b: number) =>
  testDb()
    .select()
    .from(blocks)
    .where(or(and(eq(blocks.blockerId, a), eq(blocks.blockedId, b)), and(eq(blocks.blockerId, b), eq(blocks.blockedId, a))));

describe("blocks", () => {
  it("ends the friendship both ways: the blocked user's sends get NOT_FRIENDS, presence is gone both ways", async () => {
    const [a, b] = await friendPair();
    const stranger = await member("s");
    const cb = await connect(b);
    const ca = await connect(a);
    const blocked = await call("POST", "/v1/blocks", { token: a.token, body: { uid: b.id } });
    expect(blocked.status).toBe(201);
    expect(blocked.body.block).toMatchObject({ user: publicView(b) });
    expect(await cb.nextEvent("friend_removed")).toMatchObject({ friendId: a.id });
    // Exactly a stranger's answer.
    await expect(ca.send(stranger.id, "hi")).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    await expect(cb.send(a.id, "hello?")).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    await expect(ca.send(b.id, "hello?")).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    // Neither lists the other, so neither sees the other's presence.
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const friends = await call("GET", "/v1/friends", { token: me.token });
      expect(friends.body.friends.map((f: { id: number }) => f.id)).not.toContain(other.id);
      const fresh = await connect(me, "fresh");
      expect(fresh.hello.friends.map((f) => f.id)).not.toContain(other.id);
      fresh.close();
    }
    expect(await blockRows(a.id, b.id)).toMatchObject([{ blockerId: a.id, blockedId: b.id }]);
    const friendRows = await testDb()
      .select()
      .from(friendships)
      .where(
        or(
          and(eq(friendships.userId, a.id), eq(friendships.friendId, b.id)),
          and(eq(friendships.userId, b.id), eq(friendships.friendId, a.id)),
        ),
      );
    expect(friendRows).toEqual([]);
    ca.close();
    cb.close();
  });

  it("hides presence both ways: neither hears of the other's changes, a friend of both still does", async () => {
    const [a, b] = await friendPair();
    const c = await member("c");
    await befriend(a, c);
    await befriend(b, c);
    const ca = await connect(a);
    const cc = await connect(c);
    await call("POST", "/v1/blocks", { token: a.token, body: { uid: b.id } });
    const cb = await connect(b);
    await cc.nextEvent("presence", (p) => p.uid === b.id && p.presence === "online");
    await ca.setPresence("busy");
    await cb.setPresence("busy");
    await cc.nextEvent("presence", (p) => p.uid === a.id && p.presence === "busy");
    await cc.nextEvent("presence", (p) => p.uid === b.id && p.presence === "busy");
    await sleep(300);
    const presenceOf = (events: unknown[], uid: number) =>
      events.filter((e) => (e as { type?: string; uid?: number }).uid === uid && "presence" in (e as object));
    // The filter does find presence events (c heard both), so the empty lists below mean something.
    expect(presenceOf(cc.events(), a.id).length).toBeGreaterThan(0);
    expect(presenceOf(ca.events(), b.id)).toEqual([]);
    expect(presenceOf(cb.events(), a.id)).toEqual([]);
    for (const conn of [ca, cb, cc]) conn.close();
  });

  it("ends a pending request from them; their new requests get a stranger's 201 and never reach the blocker", async () => {
    const a = await member("a");
    const b = await member("b");
    const stranger = await member("s");
    const pending = await call("POST", "/v1/friends/requests", { token: b.token, body: { to: a.id } });
    expect(pending.status).toBe(201);
    const ca = await connect(a);
    expect(ca.hello.requests.incoming.map((r) => r.id)).toEqual([pending.body.request.id]);
    await call("POST", "/v1/blocks", { token: a.token, body: { uid: b.id } });
    expect((await call("GET", "/v1/friends/requests", { token: a.token })).body.incoming).toEqual([]);
    const [row] = await testDb().select().from(friendRequests).where(eq(friendRequests.id, pending.body.request.id));
    expect(row?.status).toBe("rejected");

    // b's request to a looks exactly like b's request to a stranger.
    const toStranger = await call("POST", "/v1/friends/requests", { token: b.token, body: { to: stranger.id } });
    const toBlocker = await call("POST", "/v1/friends/requests", { token: b.token, body: { to: a.id } });
    expect(toBlocker.status).toBe(toStranger.status);
    expect(Object.keys(toBlocker.body)).toEqual(Object.keys(toStranger.body));
    expect(toBlocker.body.request).toMatchObject({ status: "pending", from: { id: b.id }, to: { id: a.id } });
    // Asking twice gets what asking a stranger twice gets.
    const again = await call("POST", "/v1/friends/requests", { token: b.token, body: { to: a.id } });
    const strangerAgain = await call("POST", "/v1/friends/requests", { token: b.token, body: { to: stranger.id } });
    expect(again.status).toBe(strangerAgain.status);
    expect(again.body.error?.code).toBe(strangerAgain.body.error?.code);
    // b sees it pending; a never sees it, nor may answer it.
    const bRequests = await call("GET", "/v1/friends/requests", { token: b.token });
    expect(bRequests.body.outgoing.map((r: { id: number }) => r.id)).toContain(toBlocker.body.request.id);
    expect((await call("GET", "/v1/friends/requests", { token: a.token })).body.incoming).toEqual([]);
    const fresh = await connect(a, "fresh");
    expect(fresh.hello.requests.incoming).toEqual([]);
    fresh.close();
    const accept = await call("POST", `/v1/friends/requests/${toBlocker.body.request.id}/accept`, { token: a.token, body: {} });
    expect(accept.status).toBe(404);
    expect(accept.body.error.code).toBe("REQUEST_NOT_FOUND");
    // The blocker must unblock before asking them.
    const mine = await call("POST", "/v1/friends/requests", { token: a.token, body: { to: b.id } });
    expect(mine.status).toBe(403);
    ca.close();
  });

  it("lists blocks with public fields; unblock lets them ask anew but restores no friendship", async () => {
    const [a, b] = await friendPair();
    const c = await member("c");
    await call("POST", "/v1/blocks", { token: a.token, body: { uid: b.id } });
    await call("POST", "/v1/blocks", { token: a.token, body: { uid: c.id } });
    // Blocking again is harmless and keeps one row.
    expect((await call("POST", "/v1/blocks", { token: a.token, body: { uid: c.id } })).status).toBe(201);
    const list = await call("GET", "/v1/blocks", { token: a.token });
    expect(list.status).toBe(200);
    expect(list.body.blocks.map((x: { user: unknown }) => x.user).sort((x: any, y: any) => x.id - y.id)).toEqual(
      [publicView(b), publicView(c)].sort((x, y) => x.id - y.id),
    );
    // Others' blocks are nobody else's business.
    expect((await call("GET", "/v1/blocks", { token: b.token })).body.blocks).toEqual([]);

    // A request b sent while blocked is dropped at unblock, so b can ask again and a hears of it.
    const hidden = await call("POST", "/v1/friends/requests", { token: b.token, body: { to: a.id } });
    expect((await call("DELETE", `/v1/blocks/${b.id}`, { token: a.token })).status).toBe(200);
    expect(await blockRows(a.id, b.id)).toEqual([]);
    expect((await call("GET", "/v1/friends", { token: a.token })).body.friends).toEqual([]);
    const ca = await connect(a);
    const asked = await call("POST", "/v1/friends/requests", { token: b.token, body: { to: a.id } });
    expect(asked.status).toBe(201);
    expect(asked.body.request.id).toBe(hidden.body.request.id);
    expect((await ca.nextEvent("friend_request")).request).toMatchObject({ from: { id: b.id } });
    const accepted = await call("POST", `/v1/friends/requests/${asked.body.request.id}/accept`, { token: a.token, body: {} });
    expect(accepted.status).toBe(200);
    ca.close();

    // Unblocking someone not blocked, or blocking oneself or nobody.
    expect((await call("DELETE", `/v1/blocks/${b.id}`, { token: a.token })).body.error.code).toBe("USER_NOT_FOUND");
    expect((await call("POST", "/v1/blocks", { token: a.token, body: { uid: a.id } })).status).toBe(400);
    expect((await call("POST", "/v1/blocks", { token: a.token, body: { uid: 999_999_998 } })).body.error.code).toBe("USER_NOT_FOUND");
    expect((await call("GET", "/v1/blocks")).status).toBe(401);
  });
});
