// GET /v1/admin/stats?group=: the group object's stats with its cost counters, which the bench
// reads around a group phase for the cost per group message (bench/groups.ts).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rawSocket, waitFor } from "./chat-fixtures";
import { createByHttp, ownerWithFriends } from "./group-fixtures";
import { call } from "./helpers";

type GroupStats = { groupId: string; created: boolean; outbox: number; mysqlBacklog: number; cost?: Record<string, number> };

const groupStats = async (groupId: string) => {
  const res = await call("GET", `/v1/admin/stats?group=${groupId}`, { token: env.ADMIN_TOKEN });
  expect(res.status).toBe(200);
  return res.body.group as GroupStats;
};

describe("GET /v1/admin/stats?group=", () => {
  it("shows the group object's transactions and RPCs, moved by a message and its fan-out to every member", async () => {
    const [owner, b, c] = await ownerWithFriends(2);
    const group = await createByHttp(owner!, [b!, c!]);
    const before = await groupStats(group.groupId);
    expect(before).toMatchObject({ groupId: group.groupId, created: true });
    expect(before.cost?.["cost.transactions"]).toBeGreaterThanOrEqual(1);
    const socket = await rawSocket(owner!.token, "bench");
    socket.ws.send(JSON.stringify({ type: "group_send", id: "r1", groupId: group.groupId, clientMsgId: "c1", body: "hello" }));
    expect(await socket.next("group_sent")).toMatchObject({ clientMsgId: "c1" });
    // The fan-out goes after the ack: one applyCalls per member object (three, the sender's too).
    const after = await waitFor(async () => {
      const s = await groupStats(group.groupId);
      return (s.cost?.["cost.rpcCalls"] ?? 0) - (before.cost?.["cost.rpcCalls"] ?? 0) >= 3 && s.outbox === 0 && s;
    });
    expect(after.cost!["cost.transactions"]! - before.cost!["cost.transactions"]!).toBeGreaterThanOrEqual(1);
    expect(after.cost!["cost.rowsWritten"]!).toBeGreaterThan(before.cost!["cost.rowsWritten"]!);
    socket.ws.close(1000);
  });

  it("answers a group that does not exist with created false and no counters; a malformed id is refused", async () => {
    expect(await groupStats("g" + "0".repeat(20))).toEqual({
      groupId: "g" + "0".repeat(20),
      created: false,
      outbox: 0,
      mysqlBacklog: 0,
    });
    const bad = await call("GET", "/v1/admin/stats?group=nope", { token: env.ADMIN_TOKEN });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
  });
});
