import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { member } from "./friends-fixtures";
import { connect } from "./chat-fixtures";

describe("friend events over the socket", () => {
  it("delivers request, accept and removal live to every device, and queued to an offline user", async () => {
    const a = await member("a");
    const b = await member("b");
    const bPhone = await connect(b, "phone");
    const bLaptop = await connect(b, "laptop");
    const sent = await call("POST", "/v1/friends/requests", { token: a.token, body: { to: b.id, message: "let's chat" } });
    for (const device of [bPhone, bLaptop]) {
      expect((await device.nextEvent("friend_request")).request).toMatchObject({
        id: sent.body.request.id,
        message: "let's chat",
        from: { id: a.id },
      });
    }
    await call("POST", `/v1/friends/requests/${sent.body.request.id}/accept`, { token: b.token, body: { alias: "Ann" } });
    expect((await bLaptop.nextEvent("friend_added")).friend).toMatchObject({ id: a.id, alias: "Ann" });
    // a was offline: the acceptance waits in a's queue and the hello lists the new friend.
    const ca = await connect(a);
    expect((await ca.nextEvent("friend_added")).friend).toMatchObject({ id: b.id, presence: "online" });
    expect(ca.hello.friends.map((f) => f.id)).toEqual([b.id]);
    await call("DELETE", `/v1/friends/${a.id}`, { token: b.token });
    expect(await ca.nextEvent("friend_removed")).toMatchObject({ friendId: b.id });
    // The removal is effective at once for messaging too.
    await expect(ca.send(b.id, "still there?")).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    for (const c of [ca, bPhone, bLaptop]) c.close();
  });
});
