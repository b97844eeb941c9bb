// PlanetScale emulator: column types round-trip through @planetscale/database exactly as the real API types them.
import { beforeAll, describe, expect, it } from "vitest";
import { connect } from "@planetscale/database";
import { useEmulators } from "./fixture";

const env = useEmulators({ mariadb: true });

const BYTES = new Uint8Array([0, 255, 10, 13, 128, 39, 92]);
const JSON_VALUE = { a: [1, "x", null], b: { c: true }, emoji: "😀", quote: 'it\'s "q"' };
const TEXT = "héllo 👋🏽 世界 'quoted' \\ backslash";

describe("planetscale column types", () => {
  beforeAll(async () => {
    await env.root.query(`CREATE TABLE types (
      id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
      tiny TINYINT, small_u SMALLINT UNSIGNED, num INT, num_u INT UNSIGNED,
      big BIGINT, big_u BIGINT UNSIGNED, amount DECIMAL(20,6), f FLOAT, d DOUBLE,
      day DATE, at DATETIME(3), ts TIMESTAMP NULL, nothing VARCHAR(10) NULL,
      label VARCHAR(100), bytes VARBINARY(32), blob_col BLOB, doc JSON, size ENUM('small','medium','large'),
      flags SET('a','b','c'), yr YEAR
    )`);
  });

  it("returns each MySQL type as the client's documented JS value when inserted through the client", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    const inserted = await conn.execute(
      `INSERT INTO types (tiny, small_u, num, num_u, big, big_u, amount, f, d, day, at, ts, nothing, label, bytes, blob_col, doc, size, flags, yr)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        -128,
        65535,
        -2147483648,
        4294967295,
        "-9223372036854775808",
        "18446744073709551615",
        "12345678901234.123456",
        1.5,
        3.141592653589793,
        "2024-02-29",
        "2024-02-29 23:59:59.123",
        "2024-02-29 12:00:00",
        null,
        TEXT,
        BYTES,
        BYTES,
        JSON.stringify(JSON_VALUE),
        "medium",
        "a,c",
        2024,
      ],
    );
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.insertId).toBe("1");

    const { rows, types } = await conn.execute("SELECT * FROM types WHERE id = ?", [inserted.insertId]);
    expect(rows).toEqual([
      {
        id: "1",
        tiny: -128,
        small_u: 65535,
        num: -2147483648,
        num_u: 4294967295,
        big: "-9223372036854775808",
        big_u: "18446744073709551615",
        amount: "12345678901234.123456",
        f: 1.5,
        d: 3.141592653589793,
        day: "2024-02-29",
        at: "2024-02-29 23:59:59.123",
        ts: "2024-02-29 12:00:00",
        nothing: null,
        label: TEXT,
        bytes: BYTES,
        blob_col: BYTES,
        doc: JSON_VALUE,
        size: "medium",
        flags: "a,c",
        yr: 2024,
      },
    ]);
    expect(types).toEqual({
      id: "UINT64",
      tiny: "INT8",
      small_u: "UINT16",
      num: "INT32",
      num_u: "UINT32",
      big: "INT64",
      big_u: "UINT64",
      amount: "DECIMAL",
      f: "FLOAT32",
      d: "FLOAT64",
      day: "DATE",
      at: "DATETIME",
      ts: "TIMESTAMP",
      nothing: "VARCHAR",
      label: "VARCHAR",
      bytes: "VARBINARY",
      blob_col: "BLOB",
      doc: "JSON",
      size: "ENUM",
      flags: "SET",
      yr: "YEAR",
    });
  });

  it("describes fields with table, database, original names, charset and flags", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    const { fields } = await conn.execute("SELECT t.label AS renamed, t.bytes FROM types AS t LIMIT 1");
    expect(fields[0]).toMatchObject({
      name: "renamed",
      orgName: "label",
      table: "t",
      orgTable: "types",
      database: "emulator_test",
      type: "VARCHAR",
    });
    expect(fields[0]?.charset).not.toBe(63);
    expect(fields[1]).toMatchObject({ name: "bytes", type: "VARBINARY", charset: 63, columnLength: 32 });
    expect(typeof fields[1]?.flags).toBe("number");
  });

  it("reports JSON for aliased JSON columns and JSON function results", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    const { rows, types } = await conn.execute("SELECT doc AS d2, JSON_OBJECT('k', 1, 'e', '😀') AS made FROM types LIMIT 1");
    expect(types).toEqual({ d2: "JSON", made: "JSON" });
    expect(rows[0]).toEqual({ d2: JSON_VALUE, made: { k: 1, e: "😀" } });
  });

  it("encodes NULLs, empty strings and array rows without shifting later columns", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    const { rows } = await conn.execute("SELECT NULL AS a, '' AS b, 'x' AS c, NULL AS d, 42 AS e", null, { as: "array" });
    expect(rows).toEqual([[null, "", "x", null, 42]]);
  });

  it("returns an empty row list with field metadata when nothing matches", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    const result = await conn.execute("SELECT id, label FROM types WHERE id = 0");
    expect(result.rows).toEqual([]);
    expect(result.headers).toEqual(["id", "label"]);
  });

  it("runs every session in UTC like PlanetScale", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    expect((await conn.execute("SELECT @@session.time_zone AS tz")).rows).toEqual([{ tz: "+00:00" }]);
  });

  it("keeps insertId and rowsAffected as exact decimal strings beyond 2^53", async () => {
    await env.root.query(
      "CREATE TABLE big_ids (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v INT) AUTO_INCREMENT = 18446744073709551000",
    );
    const conn = connect({ url: env.emulators.urls.planetscale });
    const inserted = await conn.execute("INSERT INTO big_ids (v) VALUES (1)");
    expect(inserted.insertId).toBe("18446744073709551000");
  });

  it("counts changed rows, not matched rows, in rowsAffected", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    await conn.execute("INSERT INTO types (num) VALUES (7), (7)");
    expect((await conn.execute("UPDATE types SET num = 8 WHERE num = 7")).rowsAffected).toBe(2);
    expect((await conn.execute("UPDATE types SET num = 8 WHERE num = 8")).rowsAffected).toBe(0);
  });
});
