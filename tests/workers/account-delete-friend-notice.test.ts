// A friend's devices learn why the friendship ended: `friend_removed` says `accountDeleted` when
// the friend deleted their account (clients name them "Deleted user" at once: the profile itself
// goes only at the end of the deletion), and not when they were only unfriended.
import { describe, expect, it } from "vitest";
import { connect, friendPair } from "./chat-fixtures";
import { befriend } from "./friends-fixtures";
import { call, login, seedUser } from "./helpers";

describe("friend_removed on account deletion", () => {
  it("says accountDeleted to the friend of a deleted account, and nothing of the kind on a plain unfriend", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    expect((await call("DELETE", `/v1/friends/${a.id}`, { token: b.token })).status).toBe(200);
    const unfriended = await ca.nextEvent("friend_removed");
    expect(unfriended).toMatchObject({ friendId: b.id });
    expect(unfriended.accountDeleted).toBeUndefined();

    const doomed = await seedUser("gone");
    const { token } = await login(doomed.username, doomed.password);
    await befriend(a, { id: doomed.profile.id, username: doomed.username, email: doomed.email, token });
    await ca.nextEvent("friend_added", (e) => e.friend.id === doomed.profile.id);
    expect((await call("POST", "/v1/me/delete", { token, body: { password: doomed.password } })).status).toBe(200);
    expect(await ca.nextEvent("friend_removed", (e) => e.friendId === doomed.profile.id)).toMatchObject({ accountDeleted: true });
    ca.close();
  });
});
