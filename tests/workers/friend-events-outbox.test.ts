// Friend events go through the actor's object and its retried outbox: after accept and remove,
// both users' friend caches (their objects' SQLite, no socket connected to refresh them from
// MySQL) reflect the change and nothing is left queued; a call whose delivery failed stays in the
// outbox and the alarm delivers it.
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { drainCallQueue, enqueueCall } from "../../durable-objects/user-session/call-queue";
import { inUserObject, userStub, waitFor } from "./chat-fixtures";
import { befriend, member } from "./friends-fixtures";
import { call } from "./helpers";

const friendIds = (uid: number) =>
  inUserObject(uid, (sql) =>
    sql
      .exec<{ id: number }>("SELECT id FROM friends ORDER BY id")
      .toArray()
      .map((r) => r.id),
  );
const outbox = (uid: number) => inUserObject(uid, (sql) => sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n);
const eventKeys = (uid: number, type: string) =>
  inUserObject(uid, (sql) =>
    sql
      .exec<{ key: string }>("SELECT key FROM events WHERE body LIKE ?", `%"type":"${type}"%`)
      .toArray()
      .map((r) => r.key),
  );

describe("friend events through the outbox", () => {
  it("updates both objects' friend caches on accept and on remove, and leaves no call queued", async () => {
    const a = await member("a");
    const b = await member("b");
    await befriend(a, b); // b accepts: b's object applies its own event and queues a's
    await waitFor(async () => (await friendIds(a.id)).includes(b.id), 10_000, "a's cache has b");
    expect(await friendIds(b.id)).toEqual([a.id]);
    expect(await friendIds(a.id)).toEqual([b.id]);
    await waitFor(async () => (await outbox(b.id)) === 0, 10_000, "b's outbox drained");

    const removed = await call("DELETE", `/v1/friends/${b.id}`, { token: a.token });
    expect(removed.status).toBe(200);
    // a removed: a's object applied its own at once and relays b's.
    expect(await friendIds(a.id)).toEqual([]);
    await waitFor(async () => (await friendIds(b.id)).length === 0, 10_000, "b's cache without a");
    await waitFor(async () => (await outbox(a.id)) === 0, 10_000, "a's outbox drained");
    // Each user has the event once, under one key.
    const [keysA, keysB] = await Promise.all([eventKeys(a.id, "friend_removed"), eventKeys(b.id, "friend_removed")]);
    expect(keysA).toHaveLength(1);
    expect(keysB).toEqual(keysA);
  });

  it("keeps a call whose delivery failed and delivers it on the alarm", async () => {
    const a = await member("a");
    const b = await member("b");
    await befriend(a, b);
    await waitFor(async () => (await friendIds(a.id)).includes(b.id), 10_000, "a's cache has b");
    const key = `friend_removed:test:${a.id}:${b.id}`;
    const failed = await inUserObject(a.id, async (sql) => {
      enqueueCall(sql, b.id, "notify", [key, { type: "friend_removed", friendId: a.id }]);
      // The target is down for this pass.
      const next = await drainCallQueue(
        sql,
        async () => {
          throw new Error("target unavailable");
        },
        () => {},
      );
      const row = sql.exec<{ attempts: number }>("SELECT attempts FROM outbox").toArray();
      // Due now, so the alarm below retries it.
      sql.exec("UPDATE outbox SET next_at = 0");
      return { next, row };
    });
    expect(failed.next).toBeGreaterThan(0);
    expect(failed.row).toEqual([{ attempts: 1 }]);
    expect(await friendIds(b.id)).toEqual([a.id]);

    // Far enough ahead that only runDurableObjectAlarm runs it (the safety-net alarm is spent by now).
    await inUserObject(a.id, (_sql, state) => state.storage.setAlarm(Date.now() + 60_000));
    expect(await runDurableObjectAlarm(userStub(a.id))).toBe(true);
    await waitFor(async () => (await outbox(a.id)) === 0, 10_000, "the alarm drained the outbox");
    expect(await friendIds(b.id)).toEqual([]);
    expect(await eventKeys(b.id, "friend_removed")).toEqual([key]);
  });
});
