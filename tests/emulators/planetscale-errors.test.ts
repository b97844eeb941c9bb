// PlanetScale emulator: MySQL errors, auth failures and a dead backend surface as the client's DatabaseError.
import { beforeAll, describe, expect, it } from "vitest";
import { DatabaseError, connect } from "@planetscale/database";
import { useEmulators } from "./fixture";

const env = useEmulators({ mariadb: true });
const down = useEmulators(); // its MariaDB port has nothing listening

async function failure(promise: Promise<unknown>): Promise<DatabaseError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatabaseError);
  return err as DatabaseError;
}

describe("planetscale errors", () => {
  beforeAll(async () => {
    await env.root.query("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100) UNIQUE)");
    await env.root.query("INSERT INTO users VALUES (1, 'a@example.test')");
  });

  it("reports a duplicate key as ALREADY_EXISTS with errno and sqlstate in the message", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    const err = await failure(conn.execute("INSERT INTO users VALUES (?, ?)", [2, "a@example.test"]));
    expect(err.status).toBe(400);
    expect(err.body.code).toBe("ALREADY_EXISTS");
    expect(err.message).toMatch(/^Duplicate entry 'a@example.test' for key 'email' \(errno 1062\) \(sqlstate 23000\)$/);
    expect(env.logs.some((l) => l.includes("errno 1062"))).toBe(true);
  });

  it("maps syntax errors and missing tables to INVALID_ARGUMENT and NOT_FOUND", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    const syntax = await failure(conn.execute("SELEC 1"));
    expect(syntax.body.code).toBe("INVALID_ARGUMENT");
    expect(syntax.message).toContain("(errno 1064) (sqlstate 42000)");
    const missing = await failure(conn.execute("SELECT * FROM no_such_table"));
    expect(missing.body.code).toBe("NOT_FOUND");
    expect(missing.message).toContain("(errno 1146)");
  });

  it("answers 401 with a JSON error when the password is wrong or credentials are missing", async () => {
    const url = new URL(env.emulators.urls.planetscale);
    url.password = "wrong";
    const err = await failure(connect({ url: url.toString() }).execute("SELECT 1"));
    expect(err.status).toBe(401);
    expect(err.body.code).toBe("UNAUTHENTICATED");

    const bare = `http://127.0.0.1:${env.emulators.port}/psdb.v1alpha1.Database/Execute`;
    const res = await fetch(bare, { method: "POST", body: JSON.stringify({ query: "SELECT 1" }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  it("creates a session for refresh() and rejects unknown methods and malformed bodies", async () => {
    const conn = connect({ url: env.emulators.urls.planetscale });
    await expect(conn.refresh()).resolves.toBeUndefined();
    const auth = `Basic ${btoa(`${env.credentials.planetscaleUser}:${env.credentials.planetscalePassword}`)}`;
    const base = `http://127.0.0.1:${env.emulators.port}/psdb.v1alpha1.Database`;
    const unknown = await fetch(`${base}/Nope`, { method: "POST", headers: { authorization: auth }, body: "{}" });
    expect(unknown.status).toBe(404);
    const malformed = await fetch(`${base}/Execute`, { method: "POST", headers: { authorization: auth }, body: "{nope" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "INVALID_ARGUMENT" } });
  });

  it("answers 503 UNAVAILABLE promptly when MariaDB cannot be reached", async () => {
    const started = Date.now();
    const err = await failure(connect({ url: down.emulators.urls.planetscale }).execute("SELECT 1"));
    expect(err.status).toBe(503);
    expect(err.body.code).toBe("UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
