// A deleted account leaves its groups through each group's object: an owner's group passes to the
// longest-standing admin, else the longest-standing member; a group it was alone in ends; the
// other members hear of it; MySQL's membership follows (written behind the group).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { groupMembers, groups } from "../../schema";
import { waitFor } from "./chat-fixtures";
import { befriend, member } from "./friends-fixtures";
import { createByHttp, groupSocket, groupStub, ownerWithFriends } from "./group-fixtures";
import { call } from "./helpers";
import { testDb } from "./mysql-rows";

const PASSWORD = "correct horse battery";
const deleteAccount = (token: string) => call("POST", "/v1/me/delete", { token, body: { password: PASSWORD } });

const mysqlMembers = (groupId: string) =>
  testDb().select({ uid: groupMembers.userId, role: groupMembers.role }).from(groupMembers).where(eq(groupMembers.groupId, groupId));

describe("account deletion and groups", () => {
  it("passes an owner's group to the longest-standing admin over older members", async () => {
    const [owner, older, admin] = await ownerWithFriends(2);
    const group = await createByHttp(owner, [older!]);
    expect((await call("POST", `/v1/groups/${group.groupId}/members`, { token: owner.token, body: { uids: [admin!.id] } })).status).toBe(
      200,
    );
    const promoted = await call("PATCH", `/v1/groups/${group.groupId}/members/${admin!.id}`, {
      token: owner.token,
      body: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    const watcher = await groupSocket(older!);

    expect((await deleteAccount(owner.token)).status).toBe(200);

    const seen = await groupStub(group.groupId).get(admin!.id);
    expect(seen).toMatchObject({ ok: true, role: "owner", group: { ownerId: admin!.id, memberCount: 2 } });
    await watcher.next("group_change", (e) => e.change.kind === "owner");
    await watcher.next("group_change", (e) => e.change.kind === "left" && e.change.uid === owner.id);
    watcher.close();
    await waitFor(
      async () => {
        const rows = await mysqlMembers(group.groupId);
        return rows.length === 2 && rows.find((r) => r.uid === admin!.id)?.role === "owner" ? rows : undefined;
      },
      20_000,
      "MySQL membership after the transfer",
    );
    const [row] = await testDb().select().from(groups).where(eq(groups.id, group.groupId));
    expect(row?.ownerId).toBe(admin!.id);
  });

  it("passes it to the longest-standing member when there is no admin, and ends a group it was alone in", async () => {
    const [owner, first] = await ownerWithFriends(1);
    const later = await member("gl");
    await befriend(owner, later);
    const shared = await createByHttp(owner, [first!]);
    await call("POST", `/v1/groups/${shared.groupId}/members`, { token: owner.token, body: { uids: [later.id] } });
    const alone = await createByHttp(owner, []);

    const res = await deleteAccount(owner.token);
    expect(res.status).toBe(200);
    expect(res.body.removed.groupsLeft).toBe(2);

    expect(await groupStub(shared.groupId).get(first!.id)).toMatchObject({ ok: true, role: "owner" });
    expect(await groupStub(shared.groupId).get(later.id)).toMatchObject({ ok: true, role: "member" });
    expect(await groupStub(alone.groupId).get(owner.id)).toMatchObject({ ok: false, code: "GROUP_NOT_FOUND" });
    await waitFor(
      async () => (await testDb().select().from(groups).where(eq(groups.id, alone.groupId)))[0]?.dissolvedAt ?? undefined,
      20_000,
      "the lone group dissolved in MySQL",
    );
  });

  it("a plain member just leaves; the owner keeps the group", async () => {
    const [owner, leaver] = await ownerWithFriends(1);
    const group = await createByHttp(owner, [leaver!]);
    expect((await deleteAccount(leaver!.token)).status).toBe(200);
    expect(await groupStub(group.groupId).get(owner.id)).toMatchObject({ ok: true, role: "owner", group: { memberCount: 1 } });
    expect(await groupStub(group.groupId).get(leaver!.id)).toMatchObject({ ok: false, code: "GROUP_NOT_FOUND" });
    // Called again (a retried deletion), nothing changes.
    expect(await groupStub(group.groupId).removeDeletedAccount(leaver!.id)).toEqual({ ok: true, left: false });
  });
});
