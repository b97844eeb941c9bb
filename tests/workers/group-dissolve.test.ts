// A dissolved group: members get the dissolve as their last event, MySQL keeps the group marked
// dissolved, and the group's object deletes its storage once both are done.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { groups } from "../../schema";
import { call } from "./helpers";
import { waitFor } from "./chat-fixtures";
import { createByHttp, groupStub, ownerWithFriends } from "./group-fixtures";
import { testDb } from "./mysql-rows";

describe("dissolving a group", () => {
  it("deletes the group object's storage once members and MySQL have the dissolve", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const group = await createByHttp(owner, [a!], { name: "short-lived" });
    const stub = groupStub(group.groupId);
    expect((await stub.post({ from: a!.id, clientMsgId: "m1", body: "hello" })).ok).toBe(true);
    expect((await call("DELETE", `/v1/groups/${group.groupId}`, { token: owner.token })).status).toBe(200);
    // The alarm delivers the last events and flushes MySQL, then clears the object (retried until settled).
    await waitFor(
      async () => {
        await runDurableObjectAlarm(stub);
        return !(await stub.stats()).created;
      },
      20_000,
      "the dissolved group's object to clear its storage",
    );
    const tables = await runInDurableObject(stub, (_i, state) =>
      state.storage.sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'",
        )
        .toArray(),
    );
    expect(tables).toEqual([]);
    const [row] = await testDb().select().from(groups).where(eq(groups.id, group.groupId));
    expect(row?.dissolvedAt).not.toBeNull();
    expect((await call("GET", `/v1/groups/${group.groupId}`, { token: owner.token })).status).toBe(404);
  });
});
