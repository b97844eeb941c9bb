// The SDK's HTTP client (typed by the routes, hc<AppType>) against the real Worker: one story that
// calls a route under every prefix the app mounts, and reads back what the server answered.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createHttpClient, QChatError } from "../../client";
import { png } from "./files-fixtures";
import { BASE, seedUser } from "./helpers";

/** A signed-in SDK client for a new user, through POST /v1/auth/login. */
async function signedIn(prefix: string) {
  const user = await seedUser(prefix);
  const http = createHttpClient({ baseUrl: BASE, fetch: (url, init) => SELF.fetch(url, init) });
  const reply = await http.login({ login: user.username, password: user.password });
  return { http, id: reply.user.id, username: user.username };
}

describe("the SDK's HTTP client", () => {
  it("reaches every mounted prefix: auth, me, status, users, friends, conversations, groups, files", async () => {
    const alice = await signedIn("sa");
    const bob = await signedIn("sb");
    expect((await alice.http.me()).id).toBe(alice.id);
    expect((await alice.http.status()).services).toEqual({ mysql: "up", redis: "up" });

    expect((await alice.http.searchUsers(bob.username)).users.map((u) => u.id)).toEqual([bob.id]);
    const sent = await alice.http.sendFriendRequest(bob.id, "hi");
    expect("request" in sent && sent.request.message).toBe("hi");
    const incoming = (await bob.http.listFriendRequests()).incoming;
    expect(incoming.map((r) => r.from.id)).toEqual([alice.id]);
    expect((await bob.http.acceptFriendRequest(incoming[0]!.id, "al")).alias).toBe("al");
    expect((await alice.http.setFriendAlias(bob.id, "bobby")).alias).toBe("bobby");
    expect((await alice.http.listFriends()).map((f) => [f.id, f.alias])).toEqual([[bob.id, "bobby"]]);
    expect(await alice.http.history(bob.id, { limit: 5 })).toEqual({ messages: [], nextBefore: null });
    expect((await alice.http.conversations()).conversations).toEqual([]);

    const { group, role } = await alice.http.createGroup({ name: "sdk", members: [bob.id] });
    expect(role).toBe("owner");
    expect((await bob.http.getGroup(group.groupId)).role).toBe("member");
    expect((await bob.http.listGroups()).map((g) => g.groupId)).toContain(group.groupId);
    await bob.http.muteGroup(group.groupId, true);
    expect((await alice.http.listGroupMembers(group.groupId)).map((m) => m.uid).sort()).toEqual([alice.id, bob.id].sort());
    const invite = await alice.http.createGroupInvite(group.groupId, 600);
    await alice.http.revokeGroupInvite(group.groupId, invite.token);
    expect((await alice.http.groupHistory(group.groupId, { limit: 10 })).entries.length).toBeGreaterThan(0);

    const bytes = png(4, 3);
    const file = await alice.http.uploadFile(bytes, { name: "dot.png" });
    expect(file).toMatchObject({ name: "dot.png", mime: "image/png", size: bytes.byteLength, width: 4, height: 3 });
    const downloaded = await alice.http.downloadFile(file.id);
    expect(new Uint8Array(await new Response(downloaded.body).arrayBuffer())).toEqual(bytes);
    expect((await alice.http.fileUrl(file.id)).url).toMatch(new RegExp(`^${BASE}/v1/files/${file.id}\\?exp=\\d+&sig=`));

    await alice.http.removeFriend(bob.id);
    expect(await alice.http.listFriends()).toEqual([]);
    await alice.http.logout();
    const refused = await bob.http.getGroup("g00000000000000000000").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QChatError);
    expect(refused).toMatchObject({ code: "GROUP_NOT_FOUND", status: 404 });
  });
});
