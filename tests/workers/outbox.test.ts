// The call queue (call-queue.ts; its table is `outbox`) on a real Durable Object's SQLite: batching per target, order, and retry semantics.
import { describe, expect, it } from "vitest";
import { callQueueDepth, drainCallQueue, enqueueCall, type QueuedCall } from "../../durable-objects/user-session/call-queue";
import { inUserObject } from "./chat-fixtures";
import { member } from "./friends-fixtures";

const event = (n: number) => ({ type: "friend_removed", friendId: n }) as const;

describe("call queue", () => {
  it("sends consecutive calls to one target as one ordered batch, and retries a failed target later without reordering", async () => {
    const u = await member();
    const result = await inUserObject(u.id, async (sql) => {
      enqueueCall(sql, 101, "notify", ["k1", event(1)]);
      enqueueCall(sql, 202, "notify", ["k2", event(2)]);
      enqueueCall(sql, 101, "notify", ["k3", event(3)]);
      enqueueCall(sql, 202, "notify", ["k4", event(4)]);
      enqueueCall(sql, 101, "notify", ["k5", event(5)]);
      const seen: [number, string[]][] = [];
      const keys = (calls: QueuedCall[]) => calls.map((c) => (c.method === "notify" ? c.args[0] : "receipt"));
      const next = await drainCallQueue(
        sql,
        async (target, calls) => {
          if (target === 202) throw new Error("target down");
          seen.push([target, keys(calls)]);
        },
        () => {},
      );
      const drainedAt = Date.now();
      // Taken calls left undeleted (commit.ts deletes them in its next transaction) don't count either.
      const nextWithTaken = await drainCallQueue(
        sql,
        async () => {},
        () => {},
        new Set(),
      );
      const left = callQueueDepth(sql);
      const retryAttempts = sql.exec<{ attempts: number }>("SELECT attempts FROM outbox ORDER BY id LIMIT 1").one().attempts;
      // Make the retry due now and drain again.
      sql.exec("UPDATE outbox SET next_at = 0");
      await drainCallQueue(
        sql,
        async (target, calls) => void seen.push([target, keys(calls)]),
        () => {},
      );
      return {
        seen,
        left,
        retryAttempts,
        // The failing target's head is put off 250 ms; its second call waits behind it, so the next
        // retry is the head's time, not the second call's (already past, which would ring at once).
        retryInMs: next! - drainedAt,
        retryWithTakenInMs: nextWithTaken! - drainedAt,
        after: callQueueDepth(sql),
      };
    });
    expect(result.seen).toEqual([
      [101, ["k1", "k3", "k5"]],
      [202, ["k2", "k4"]],
    ]);
    expect(result).toMatchObject({ left: 2, retryAttempts: 1, after: 0 });
    expect(result.retryInMs).toBeGreaterThan(150);
    expect(result.retryWithTakenInMs).toBeGreaterThan(150);
  });
});
