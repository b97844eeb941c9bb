// hello from the user's own object: profile, friends and pending requests come from its cache,
// filled from MySQL on the first connect and kept true by the events (and the user's own
// changes) that move them, so a later connect asks MySQL nothing.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../schema";
import { connect, inUserObject, userStub } from "./chat-fixtures";
import { befriend, member } from "./friends-fixtures";
import { call } from "./helpers";
import { testDb } from "./mysql-rows";

/** The hello a fresh connection of `m` receives (the connection is closed at once). */
async function hello(m: Parameters<typeof connect>[0]) {
  const c = await connect(m, `d${Math.random().toString(36).slice(2, 8)}`);
  c.close();
  return c.hello;
}

describe("hello from the object's cache", () => {
  it("answers a later connect from the object's storage, and reloads after a repair was asked for", async () => {
    const a = await member("a");
    expect((await hello(a)).profile.nickname).toBe(a.username);
    // A change behind the object's back (no route changes a nickname): a cached hello cannot see it.
    await testDb().update(users).set({ nickname: "renamed" }).where(eq(users.id, a.id));
    expect((await hello(a)).profile.nickname).toBe(a.username);
    await userStub(a.id).forgetHydration();
    expect((await hello(a)).profile.nickname).toBe("renamed");
  });

  it("keeps pending requests, friends and aliases current through the changes that move them", async () => {
    const a = await member("a");
    const b = await member("b");
    const c = await member("c");
    // Both caches filled (first connects) before anything changes.
    await Promise.all([hello(a), hello(b), hello(c)]);
    const toB = await call("POST", "/v1/friends/requests", { token: a.token, body: { to: b.id } });
    const toC = await call("POST", "/v1/friends/requests", { token: a.token, body: { to: c.id } });
    expect((await hello(a)).requests.outgoing.map((r) => r.id)).toEqual([toC.body.request.id, toB.body.request.id]);
    expect((await hello(b)).requests.incoming.map((r) => r.id)).toEqual([toB.body.request.id]);

    await call("POST", `/v1/friends/requests/${toC.body.request.id}/reject`, { token: c.token });
    expect((await hello(c)).requests.incoming).toEqual([]);
    expect((await hello(a)).requests.outgoing.map((r) => r.id)).toEqual([toB.body.request.id]);

    await call("POST", `/v1/friends/requests/${toB.body.request.id}/accept`, { token: b.token, body: { alias: "Ann" } });
    const [helloA, helloB] = [await hello(a), await hello(b)];
    expect(helloA.requests).toEqual({ incoming: [], outgoing: [] });
    expect(helloB.requests).toEqual({ incoming: [], outgoing: [] });
    expect(helloA.friends.map((f) => f.id)).toEqual([b.id]);
    expect(helloB.friends).toMatchObject([{ id: a.id, alias: "Ann" }]);

    await call("PATCH", `/v1/friends/${a.id}`, { token: b.token, body: { alias: "Annie" } });
    expect((await hello(b)).friends).toMatchObject([{ id: a.id, alias: "Annie" }]);

    await call("DELETE", `/v1/friends/${b.id}`, { token: a.token });
    expect((await hello(a)).friends).toEqual([]);
    expect((await hello(b)).friends).toEqual([]);
  });

  it("lists a friend's presence as their object last pushed it", async () => {
    const a = await member("a");
    const b = await member("b");
    await befriend(a, b);
    expect((await hello(a)).friends).toMatchObject([{ id: b.id, presence: "offline" }]);
    // Watched in a's cache (each hello would be a socket upgrade, and those are rate limited).
    const cachedPresence = () =>
      inUserObject(a.id, (sql) => sql.exec<{ presence: string }>("SELECT presence FROM friends WHERE id = ?", b.id).one().presence);
    const cb = await connect(b);
    await cb.setPresence("busy");
    await expect.poll(cachedPresence, { timeout: 10_000 }).toBe("busy");
    expect((await hello(a)).friends).toMatchObject([{ id: b.id, presence: "busy" }]);
    cb.close();
    await expect.poll(cachedPresence, { timeout: 10_000 }).toBe("offline");
    expect((await hello(a)).friends).toMatchObject([{ id: b.id, presence: "offline" }]);
  });
});
