import { describe, expect, it } from "vitest";
import { call } from "./helpers";
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
    const before = (await call("GET", "/v1/status")).body.online;
    const one = await connect(a, "x");
    const two = await connect(a, "y");
    await waitFor(async () => (await call("GET", "/v1/status")).body.online.sockets === before.sockets + 2);
    expect((await call("GET", "/v1/status")).body.online.users).toBe(before.users + 1);
    one.close();
    two.close();
    await waitFor(async () => (await call("GET", "/v1/status")).body.online.sockets === before.sockets);
  });
});
