// Emulator counters (GET /__counters): what PlanetScale and Upstash would bill, moved by exactly
// the statements and commands a client sends, so the benchmark can take deltas around a phase.
import { describe, expect, it } from "vitest";
import { Client } from "@planetscale/database";
import { Redis } from "@upstash/redis";
import type { CountersSnapshot } from "../../dev/emulators/counters";
import { useEmulators } from "./fixture";

const env = useEmulators({ mariadb: true, redis: true });

async function counters(): Promise<CountersSnapshot> {
  const res = await fetch(env.emulators.urls.counters);
  expect(res.status).toBe(200);
  return (await res.json()) as CountersSnapshot;
}

/** Without auto-pipelining (QChat's clients have it on: their single commands arrive as /pipeline requests). */
function redis(): Redis {
  const { upstash: url } = env.emulators.urls;
  return new Redis({ url, token: env.credentials.upstashToken, enableTelemetry: false, retry: false, enableAutoPipelining: false });
}

describe("emulator counters", () => {
  it("count each MySQL statement by kind, and a transaction's BEGIN and COMMIT", async () => {
    await env.root.query("CREATE TABLE IF NOT EXISTS tally (id INT PRIMARY KEY)");
    const client = new Client({ url: env.emulators.urls.planetscale });
    const before = await counters();
    await client.execute("SELECT 1");
    await client.execute("/* drizzle */ insert into tally values (1)");
    await client.transaction(async (tx) => {
      await tx.execute("UPDATE tally SET id = 2 WHERE id = 1");
      await tx.execute("DELETE FROM tally WHERE id = 2");
    });
    const after = await counters();
    const moved = (kind: keyof CountersSnapshot["planetscale"]["byKind"]) =>
      after.planetscale.byKind[kind] - before.planetscale.byKind[kind];
    expect(after.planetscale.statements - before.planetscale.statements).toBe(6);
    expect([moved("select"), moved("insert"), moved("update"), moved("delete"), moved("begin"), moved("commit")]).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
    expect(moved("other")).toBe(0);
  });

  it("count every command of a pipeline and of a multi-exec, and each request once", async () => {
    const before = await counters();
    await redis().set("c:a", "1");
    await redis().pipeline().incr("c:a").hset("qchat:metrics", { x: 1 }).hincrby("qchat:metrics:queues", "y", 2).exec();
    await redis().multi().get("c:a").del("c:a").exec();
    const after = await counters();
    const u = (s: CountersSnapshot) => s.upstash;
    expect(u(after).commands - u(before).commands).toBe(6);
    expect(u(after).requests.single - u(before).requests.single).toBe(1);
    expect(u(after).requests.pipeline - u(before).requests.pipeline).toBe(1);
    expect(u(after).requests.multiExec - u(before).requests.multiExec).toBe(1);
    const command = (name: string) => (u(after).byCommand[name] ?? 0) - (u(before).byCommand[name] ?? 0);
    expect([command("SET"), command("INCR"), command("HSET"), command("HINCRBY"), command("GET"), command("DEL")]).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
    // Neither MULTI nor EXEC is billed.
    expect([command("MULTI"), command("EXEC")]).toEqual([0, 0]);
    const prefix = (name: string) => (u(after).byKeyPrefix[name] ?? 0) - (u(before).byKeyPrefix[name] ?? 0);
    expect([prefix("c:a"), prefix("qchat:metrics")]).toEqual([4, 2]);
    expect((u(after).requestsByKeyPrefix["c:a"] ?? 0) - (u(before).requestsByKeyPrefix["c:a"] ?? 0)).toBe(3);
  });

  it("refuse a reset: the counters only grow", async () => {
    const res = await fetch(env.emulators.urls.counters, { method: "POST" });
    expect(res.status).toBe(405);
  });
});
