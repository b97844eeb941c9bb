// The group's MySQL copy, read from MySQL itself once the object's write-behind queue drained:
// the group row, its members and every log entry; and history (members only, after their join).
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { groupMembers, groupMessages, groups } from "../../schema";
import { call } from "./helpers";
import { waitFor } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { createByHttp, groupStub, ownerWithFriends } from "./group-fixtures";
import { testDb } from "./mysql-rows";

async function drained(groupId: string) {
  await waitFor(async () => (await groupStub(groupId).stats()).mysqlBacklog === 0, 20_000, "group write-behind to drain");
}

describe("group MySQL copy", () => {
  it("holds the group, its members and every entry after the write-behind", async () => {
    const [owner, a, b, c] = await ownerWithFriends(3);
    const group = await createByHttp(owner, [a!, b!], { name: "rows 🧗", topic: "t" });
    const base = `/v1/groups/${group.groupId}`;
    const stub = groupStub(group.groupId);
    const m1 = await stub.post({ from: a!.id, clientMsgId: "one", body: `hi @${b!.id} 👋` });
    await call("POST", `${base}/members`, { token: owner.token, body: { uids: [c!.id] } });
    await call("PATCH", `${base}/members/${a!.id}`, { token: owner.token, body: { role: "admin" } });
    await call("DELETE", `${base}/members/${b!.id}`, { token: a!.token });
    // A retried post writes nothing twice.
    await stub.post({ from: a!.id, clientMsgId: "one", body: `hi @${b!.id} 👋` });
    const m2 = await stub.post({ from: c!.id, clientMsgId: "two", body: "second" });
    if (!m1.ok || !m2.ok) throw new Error("post failed");
    await stub.recall(a!.id, m1.message.messageId);
    await drained(group.groupId);
    const db = testDb();
    const [row] = await db.select().from(groups).where(eq(groups.id, group.groupId));
    expect(row).toMatchObject({ name: "rows 🧗", topic: "t", ownerId: owner.id, memberCount: 3, lastSeq: 6, dissolvedAt: null });
    const members = await db.select().from(groupMembers).where(eq(groupMembers.groupId, group.groupId)).orderBy(asc(groupMembers.userId));
    expect(members.map((m) => [m.userId, m.role, m.joinedAfterSeq])).toEqual(
      [
        [owner.id, "owner", 0],
        [a!.id, "admin", 0],
        [c!.id, "member", 2],
      ].sort((x, y) => (x[0] as number) - (y[0] as number)),
    );
    const entries = await db.select().from(groupMessages).where(eq(groupMessages.groupId, group.groupId)).orderBy(asc(groupMessages.seq));
    expect(entries.map((e) => [e.seq, e.kind, e.senderId, e.change && JSON.parse(e.change).kind, e.body])).toEqual([
      [1, "change", owner.id, "created", null],
      [2, "message", a!.id, null, null],
      [3, "change", owner.id, "members_added", null],
      [4, "change", owner.id, "role", null],
      [5, "change", a!.id, "removed", null],
      [6, "message", c!.id, null, "second"],
    ]);
    expect(entries[1]).toMatchObject({ messageId: m1.message.messageId, clientMsgId: "one", mentions: JSON.stringify([b!.id]) });
    expect(entries[1]!.recalledAt).not.toBeNull();
    expect(entries[5]).toMatchObject({ messageId: m2.message.messageId, sentAt: new Date(m2.message.sentAt) });
  });

  it("shows history to members only, from after they joined, paged by seq, from MySQL and from the object alike", async () => {
    const [owner, a, late] = await ownerWithFriends(2);
    const stranger = await member("gs");
    const group = await createByHttp(owner, [a!]);
    const stub = groupStub(group.groupId);
    for (let i = 1; i <= 4; i++) await stub.post({ from: a!.id, clientMsgId: `before${i}`, body: `before ${i}` });
    await call("POST", `/v1/groups/${group.groupId}/members`, { token: owner.token, body: { uids: [late!.id] } });
    for (let i = 1; i <= 3; i++) await stub.post({ from: owner.id, clientMsgId: `after${i}`, body: `after ${i}` });
    const path = `/v1/groups/${group.groupId}/messages`;
    const read = async (token: string, query = "") => (await call("GET", `${path}${query}`, { token })).body;
    // Right away (the object answers while MySQL is behind) and after the write-behind (MySQL answers).
    for (const when of ["pending", "mysql"]) {
      if (when === "mysql") await drained(group.groupId);
      const mine = await read(late!.token);
      expect(
        mine.entries.map((e: { seq: number }) => e.seq),
        when,
      ).toEqual([9, 8, 7, 6]);
      expect(mine.entries[3]).toMatchObject({ kind: "change", change: { kind: "members_added", uids: [late!.id] } });
      expect(mine.nextBefore).toBeNull();
      const page1 = await read(a!.token, "?limit=4");
      expect(
        page1.entries.map((e: { seq: number }) => e.seq),
        when,
      ).toEqual([9, 8, 7, 6]);
      const page2 = await read(a!.token, `?limit=4&before=${page1.nextBefore}`);
      expect(
        page2.entries.map((e: { seq: number }) => e.seq),
        when,
      ).toEqual([5, 4, 3, 2]);
      expect(page2.entries[0]).toMatchObject({ kind: "message", from: a!.id, body: "before 4", mentions: [], recalledAt: null });
      const page3 = await read(a!.token, `?limit=4&before=${page2.nextBefore}`);
      expect(page3).toMatchObject({ entries: [{ seq: 1, kind: "change", change: { kind: "created" } }], nextBefore: null });
    }
    expect(await call("GET", path, { token: stranger.token })).toMatchObject({ status: 404, body: { error: { code: "GROUP_NOT_FOUND" } } });
    expect((await call("GET", `${path}?limit=0`, { token: owner.token })).status).toBe(400);
  });
});
