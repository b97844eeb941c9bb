import { describe, expect, it } from "vitest";
import { call, redis } from "./helpers";
import { connect, friendPair, waitFor } from "./chat-fixtures";

describe("presence", () => {
  it("shows friends online, busy, invisible as offline, and offline after the last device leaves", async () => {
    const [a, b] = await friendPair();
    const cb = await connect(b);
    const ca = await connect(a);
    expect(await cb.nextEvent("presence", (p) => p.uid === a.id)).toMatchObject({ presence: "online" });
    expect(ca.hello.friends.find((f) => f.id === b.id)?.presence).toBe("online");
    await ca.setPresence("busy");
    expect(await cb.nextEvent("presence", (p) => p.presence === "busy")).toMatchObject({ uid: a.id });
    const friends = await call("GET", "/v1/friends", { token: b.token });
    expect(friends.body.friends[0]).toMatchObject({ id: a.id, presence: "busy" });
    await ca.setPresence("invisible");
    expect(await cb.nextEvent("presence", (p) => p.presence === "offline")).toMatchObject({ uid: a.id });
    await ca.setPresence("online");
    await cb.nextEvent("presence", (p) => p.presence === "online");
    ca.close();
    expect(await cb.nextEvent("presence", (p) => p.presence === "offline")).toMatchObject({ uid: a.id });
    cb.close();
  });

  it("counts online users and sockets for the status endpoint", async () => {
    const [a] = await friendPair();
    // Other test files move the global totals at the same time: assert this user's own entry in
    // the online hash (qchat:online, field = uid, value = sockets), and that the totals include it.
    const ownSockets = async () => Number((await redis("HGET", "qchat:online", String(a.id))) ?? 0);
    const one = await connect(a, "x");
    const two = await connect(a, "y");
    await waitFor(async () => (await ownSockets()) === 2, 15_000, "this user's two sockets in the online hash");
    const online = (await call("GET", "/v1/status")).body.online;
    expect(online.users).toBeGreaterThanOrEqual(1);
    expect(online.sockets).toBeGreaterThanOrEqual(2);
    one.close();
    await waitFor(async () => (await ownSockets()) === 1, 15_000, "one socket left");
    two.close();
    await waitFor(async () => (await redis("HEXISTS", "qchat:online", String(a.id))) === 0, 15_000, "the user gone from the online hash");
  });
});
