// A group keeps going while MariaDB is down (posts, changes, fan-out, history from the object's
// log) and its MySQL copy catches up, complete and without duplicates, once MariaDB is back.
import { asc, eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { groupMessages, groupMembers } from "../../schema";
import { call } from "./helpers";
import { waitFor } from "./chat-fixtures";
import { createByHttp, groupSocket, groupStub, ownerWithFriends } from "./group-fixtures";
import { testDb } from "./mysql-rows";

const control = (action: "stop" | "start") => fetch(`${inject("controlUrl")}/mariadb/${action}`, { method: "POST" });

describe("group during a MariaDB outage", () => {
  it("posts and changes go on, and MySQL has every entry once it returns", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const group = await createByHttp(owner, [a!]);
    const stub = groupStub(group.groupId);
    await waitFor(async () => (await stub.stats()).mysqlBacklog === 0, 20_000, "the first flush");
    const aSocket = await groupSocket(a!);
    expect((await control("stop")).status).toBe(204);
    try {
      for (let i = 1; i <= 4; i++)
        expect(await stub.post({ from: i % 2 ? a!.id : owner.id, clientMsgId: `d${i}`, body: `during ${i}` })).toMatchObject({ ok: true });
      expect(await stub.setRole(owner.id, a!.id, "admin")).toMatchObject({ ok: true });
      await aSocket.next("group_change", (e) => e.change.kind === "role");
      expect(aSocket.events.filter((e) => e.type === "group_message")).toHaveLength(4);
      // History answers from the group's own log while MySQL is away.
      const history = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: a!.token });
      expect(history.status).toBe(200);
      expect(history.body.entries.map((e: { seq: number }) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
      expect((await stub.stats()).mysqlBacklog).toBeGreaterThan(0);
    } finally {
      expect((await control("start")).status).toBe(204);
    }
    await waitFor(async () => (await stub.stats()).mysqlBacklog === 0, 45_000, "the write-behind after the outage");
    const rows = await testDb()
      .select()
      .from(groupMessages)
      .where(eq(groupMessages.groupId, group.groupId))
      .orderBy(asc(groupMessages.seq));
    expect(rows.map((r) => [r.seq, r.kind, r.body])).toEqual([
      [1, "change", null],
      [2, "message", "during 1"],
      [3, "message", "during 2"],
      [4, "message", "during 3"],
      [5, "message", "during 4"],
      [6, "change", null],
    ]);
    const roles = await testDb().select().from(groupMembers).where(eq(groupMembers.groupId, group.groupId));
    expect(roles.find((m) => m.userId === a!.id)?.role).toBe("admin");
    aSocket.close();
  }, 90_000);
});
