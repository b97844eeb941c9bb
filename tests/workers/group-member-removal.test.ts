// Membership as the member's own object sees it: removal, leaving, dissolving, rejoining, roles.
import { describe, expect, it } from "vitest";
import { sleep } from "./chat-fixtures";
import { groupOfThree, helloGroups, memberSocket, msgId } from "./group-member-fixtures";
import { call } from "./helpers";

const groupsOf = async (token: string) => (await call("GET", "/v1/groups", { token })).body.groups as { groupId: string; role: string }[];

describe("a member's groups as membership changes", () => {
  it("stops group events to a removed member at their removal, and drops the group from their hello and lists", async () => {
    const { owner, b, c, group } = await groupOfThree("removal");
    const [so, sb, sc] = await Promise.all([memberSocket(owner), memberSocket(b), memberSocket(c)]);
    expect(sc.hello.groups.map((g) => g.groupId)).toEqual([group.groupId]);
    const removed = await call("DELETE", `/v1/groups/${group.groupId}/members/${c.id}`, { token: owner.token });
    expect(removed.status).toBe(200);
    const last = await sc.nextEvent("group_change", (e) => e.change.kind === "removed");
    const after = await so.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "c is gone" });
    await sb.nextEvent("group_message", (e) => e.message.seq === after.seq);
    await sleep(300);
    expect(sc.events.filter((e) => e.type.startsWith("group_") && "seq" in e && (e.seq as number) > last.seq)).toEqual([]);
    expect(sc.events.some((e) => e.type === "group_message" && e.message.seq === after.seq)).toBe(false);
    expect(await helloGroups(c)).toEqual([]);
    expect(await groupsOf(c.token)).toEqual([]);
    expect((await call("GET", "/v1/conversations", { token: c.token })).body.groups).toEqual([]);
    expect(await sc.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "still here?" })).toMatchObject({
      type: "error",
      code: "GROUP_NOT_FOUND",
    });
    const mute = await call("PUT", `/v1/groups/${group.groupId}/mute`, { token: c.token, body: { muted: true } });
    expect(mute.status).toBe(404);
    // The others keep it.
    expect((await helloGroups(b)).map((g) => g.groupId)).toEqual([group.groupId]);
    for (const s of [so, sb, sc]) s.close();
  });

  it("drops the group for a member who leaves, and for everyone when the owner dissolves it", async () => {
    const { owner, b, c, group } = await groupOfThree("leaving");
    expect((await call("POST", `/v1/groups/${group.groupId}/leave`, { token: b.token })).status).toBe(200);
    const sc = await memberSocket(c);
    await sc.nextEvent("group_change", (e) => e.change.kind === "left");
    expect(await helloGroups(b)).toEqual([]);
    expect((await helloGroups(c)).map((g) => g.groupId)).toEqual([group.groupId]);
    expect((await call("DELETE", `/v1/groups/${group.groupId}`, { token: owner.token })).status).toBe(200);
    await sc.nextEvent("group_change", (e) => e.change.kind === "dissolved");
    expect(await helloGroups(c)).toEqual([]);
    expect(await groupsOf(owner.token)).toEqual([]);
    sc.close();
  });

  it("gives a re-added member the group again, counting only what came after their return", async () => {
    const { owner, c, group } = await groupOfThree("again");
    const so = await memberSocket(owner);
    await call("DELETE", `/v1/groups/${group.groupId}/members/${c.id}`, { token: owner.token });
    await so.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "while c is out" });
    expect((await call("POST", `/v1/groups/${group.groupId}/members`, { token: owner.token, body: { uids: [c.id] } })).status).toBe(200);
    const back = await so.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "welcome back" });
    const sc = await memberSocket(c);
    await sc.nextEvent("group_message", (e) => e.message.seq === back.seq);
    expect(await helloGroups(c)).toEqual([
      { groupId: group.groupId, name: "again", unread: 1, mentions: 0, lastSeq: back.seq, muted: false },
    ]);
    so.close();
    sc.close();
  });

  it("keeps each member's role in GET /v1/groups as roles and ownership change", async () => {
    const { owner, b, c, group } = await groupOfThree("roles");
    const roleOf = async (token: string) => (await groupsOf(token)).find((g) => g.groupId === group.groupId)?.role;
    expect([await roleOf(owner.token), await roleOf(b.token)]).toEqual(["owner", "member"]);
    await call("PATCH", `/v1/groups/${group.groupId}/members/${b.id}`, { token: owner.token, body: { role: "admin" } });
    const sc = await memberSocket(c);
    await sc.nextEvent("group_change", (e) => e.change.kind === "role");
    expect(await roleOf(b.token)).toBe("admin");
    await call("POST", `/v1/groups/${group.groupId}/owner`, { token: owner.token, body: { to: c.id } });
    await sc.nextEvent("group_change", (e) => e.change.kind === "owner");
    const sb = await memberSocket(b);
    await sb.nextEvent("group_change", (e) => e.change.kind === "owner");
    const so = await memberSocket(owner);
    await so.nextEvent("group_change", (e) => e.change.kind === "owner");
    expect([await roleOf(owner.token), await roleOf(b.token), await roleOf(c.token)]).toEqual(["admin", "admin", "owner"]);
    const listed = (await groupsOf(c.token))[0];
    expect(listed).toMatchObject({ groupId: group.groupId, name: "roles", ownerId: c.id, memberCount: 3, muted: false, unread: 0 });
    for (const s of [sb, sc, so]) s.close();
  });
});
