// PlanetScale emulator: transactions pin one MySQL connection per session, through the client and drizzle.
import { beforeEach, describe, expect, it } from "vitest";
import { Client, DatabaseError, connect } from "@planetscale/database";
import { drizzle } from "drizzle-orm/planetscale-serverless";
import { int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import type { RowDataPacket } from "mysql2/promise";
import { useEmulators } from "./fixture";

const IDLE_MS = 600;
const env = useEmulators({ mariadb: true, transactionTimeoutMs: IDLE_MS });

const notes = mysqlTable("notes", { id: int("id").primaryKey(), body: varchar("body", { length: 100 }) });

async function committedIds(): Promise<number[]> {
  const [rows] = await env.root.query<RowDataPacket[]>("SELECT id FROM notes ORDER BY id");
  return rows.map((r) => Number(r.id));
}

describe("planetscale transactions", () => {
  beforeEach(async () => {
    await env.root.query("CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY, body VARCHAR(100))");
    await env.root.query("DELETE FROM notes");
  });

  it("commits every statement of Client.transaction on one connection when the callback resolves", async () => {
    const client = new Client({ url: env.emulators.urls.planetscale });
    const seenInside = await client.transaction(async (tx) => {
      const first = await tx.execute("SELECT CONNECTION_ID() AS c");
      await tx.execute("INSERT INTO notes VALUES (1, 'a'), (2, 'b')");
      expect(await committedIds()).toEqual([]); // not visible outside before COMMIT
      const second = await tx.execute("SELECT CONNECTION_ID() AS c");
      expect(second.rows).toEqual(first.rows);
      return (await tx.execute("SELECT COUNT(*) AS n FROM notes")).rows;
    });
    expect(seenInside).toEqual([{ n: "2" }]); // COUNT(*) is BIGINT: INT64 arrives as a string
    expect(await committedIds()).toEqual([1, 2]);
  });

  it("rolls back Client.transaction when the callback throws", async () => {
    const client = new Client({ url: env.emulators.urls.planetscale });
    const failing = client.transaction(async (tx) => {
      await tx.execute("INSERT INTO notes VALUES (3, 'c')");
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    expect(await committedIds()).toEqual([]);
  });

  it("keeps the transaction open after a failing statement inside it", async () => {
    const client = new Client({ url: env.emulators.urls.planetscale });
    await client.transaction(async (tx) => {
      await tx.execute("INSERT INTO notes VALUES (4, 'd')");
      await expect(tx.execute("INSERT INTO notes VALUES (4, 'again')")).rejects.toThrow(/errno 1062/);
      await tx.execute("INSERT INTO notes VALUES (5, 'e')");
    });
    expect(await committedIds()).toEqual([4, 5]);
  });

  it("rolls back a drizzle transaction on tx.rollback() and a nested savepoint on its own", async () => {
    const db = drizzle(new Client({ url: env.emulators.urls.planetscale }));
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(notes).values({ id: 6, body: "f" });
        tx.rollback();
      }),
    ).rejects.toThrow(/rollback/i);
    expect(await committedIds()).toEqual([]);

    await db.transaction(async (tx) => {
      await tx.insert(notes).values({ id: 7, body: "outer" });
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(notes).values({ id: 8, body: "inner" });
          inner.rollback();
        }),
      ).rejects.toThrow(/rollback/i);
    });
    expect(await db.select().from(notes)).toEqual([{ id: 7, body: "outer" }]);
  });

  it("returns connections to the pool after COMMIT and ROLLBACK instead of holding them", async () => {
    const client = new Client({ url: env.emulators.urls.planetscale });
    for (let i = 0; i < 20; i++) {
      await client.transaction((tx) => tx.execute(`INSERT INTO notes VALUES (${100 + i}, 'x')`));
      await client.transaction(async (tx) => (await tx.execute("SELECT 1"), Promise.reject(new Error("undo")))).catch(() => undefined);
    }
    const [rows] = await env.root.query<RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = 'emulator_test' AND ID <> CONNECTION_ID()",
    );
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
    expect(Number(rows[0]?.n)).toBeLessThanOrEqual(2);
    expect((await committedIds()).length).toBe(20);
  });

  it("rolls back an idle transaction after the timeout, frees its locks, and reports ABORTED to that session", async () => {
    await env.root.query("INSERT INTO notes VALUES (9, 'original')");
    const conn = connect({ url: env.emulators.urls.planetscale });
    await conn.execute("BEGIN");
    await conn.execute("UPDATE notes SET body = 'uncommitted' WHERE id = 9"); // holds a row lock
    const deadline = Date.now() + IDLE_MS * 4;
    while (!env.logs.some((l) => l.includes("rolled back transaction")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await env.root.query("SET SESSION innodb_lock_wait_timeout = 1");
    await env.root.query("UPDATE notes SET body = 'root' WHERE id = 9"); // would time out if the lock were held
    const [rows] = await env.root.query<RowDataPacket[]>("SELECT body FROM notes WHERE id = 9");
    expect(rows[0]?.body).toBe("root");

    const aborted = await conn.execute("SELECT 1").catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(DatabaseError);
    expect((aborted as DatabaseError).body.code).toBe("ABORTED");
    expect((await conn.execute("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]); // the session starts afresh
  });
});
