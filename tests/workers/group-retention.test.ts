// A group's object keeps the newest entries of its log once MySQL has them (retention.ts): history
// reads MySQL below the pruned mark, and an admin can still recall a pruned message.
import { runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { GroupRoom } from "../../durable-objects/group-room";
import { pruneLog } from "../../durable-objects/group-room/retention";
import { groupMessages } from "../../schema";
import { waitFor } from "./chat-fixtures";
import { call } from "./helpers";
import { createByHttp, groupStub, ownerWithFriends, runInGroup } from "./group-fixtures";
import { testDb } from "./mysql-rows";

const drained = (groupId: string) =>
  waitFor(async () => (await groupStub(groupId).stats()).mysqlBacklog === 0, 20_000, "group write-behind to drain");

describe("group log retention", () => {
  it("prunes entries MySQL has, pages history on from MySQL, and lets an admin recall a pruned message", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const group = await createByHttp(owner, [a!], { name: "long" });
    const stub = groupStub(group.groupId);
    const ids: string[] = [];
    for (const i of [2, 3, 4, 5, 6]) {
      const v = await stub.post({ from: a!.id, clientMsgId: `m${i}`, body: `message ${i}` });
      if (!v.ok) throw new Error(v.message);
      ids[i] = v.message.messageId;
    }
    // Nothing goes while MySQL is behind: queue a write that changes nothing, then prune.
    const fake = JSON.stringify({ op: "recall", messageId: "none", at: 0 });
    const whileBehind = await runInGroup(group.groupId, (sql) => {
      sql.exec("INSERT INTO mysql_outbox (op, args) VALUES ('recall', ?)", fake);
      return pruneLog(sql, Date.now(), 0, 2);
    });
    expect(whileBehind).toBeUndefined();
    await drained(group.groupId);
    // Keep the newest 2 (seqs 5 and 6), with no retry window.
    expect(await runInGroup(group.groupId, (sql) => pruneLog(sql, Date.now(), 0, 2))).toBe(4);
    expect(
      await runInGroup(group.groupId, (sql) =>
        sql
          .exec("SELECT seq FROM log ORDER BY seq")
          .toArray()
          .map((r) => r.seq),
      ),
    ).toEqual([5, 6]);

    // While MySQL is behind, the object answers from its log down to the mark, then hands over to MySQL.
    const pages = await runInDurableObject(stub, async (instance: GroupRoom, state) => {
      state.storage.sql.exec("INSERT INTO mysql_outbox (op, args) VALUES ('recall', ?)", fake);
      return [await instance.history(owner.id, undefined, 50), await instance.history(owner.id, 5, 50)];
    });
    expect(pages[0]).toMatchObject({ ok: true, nextBefore: 5 });
    expect(pages[0]!.ok && pages[0]!.entries.map((e) => e.seq)).toEqual([6, 5]);
    expect(pages[1]).toMatchObject({ ok: true, entries: [], mysqlAfterSeq: 0 });
    const older = await call("GET", `/v1/groups/${group.groupId}/messages?before=5`, { token: owner.token });
    expect(older.body.entries.map((e: { seq: number }) => e.seq)).toEqual([4, 3, 2, 1]);

    await runInGroup(group.groupId, (sql) => sql.exec("DELETE FROM mysql_outbox WHERE args = ?", fake));

    // Pruned messages are found in MySQL for a recall: the sender's own (within the window here)
    // and, by an admin, anyone's.
    expect(await stub.recall(a!.id, ids[3]!)).toEqual({ ok: true, changed: true });
    expect(await stub.recall(owner.id, ids[2]!)).toEqual({ ok: true, changed: true });
    expect(await stub.recall(owner.id, "no-such-message")).toMatchObject({ ok: false, code: "MESSAGE_NOT_FOUND" });
    await drained(group.groupId);
    const rows = await testDb().select().from(groupMessages).where(eq(groupMessages.groupId, group.groupId));
    const recalled = rows.filter((r) => r.recalledAt !== null).map((r) => [r.seq, r.body]);
    expect(recalled.sort()).toEqual([
      [2, null],
      [3, null],
    ]);
  }, 30_000);
});
