// PlanetScale HTTP API emulator (CreateSession, Execute as @planetscale/database sends them) -> MariaDB via mysql2.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { createPool, type Pool, type PoolConnection } from "mysql2/promise";
import type { EmulatorCounters } from "./counters";
import { HttpError, basicCredentials, decodeSegment, readJson, sameSecret, sendJson } from "./http";
import type { PsError } from "./planetscale-errors";
import { createSessionStore } from "./planetscale-sessions";
import { runStatement, type PsResult } from "./planetscale-query";

export interface PlanetScaleOptions {
  mysql: { host: string; port: number; user: string; password: string; database: string };
  user: string;
  password: string;
  transactionTimeoutMs: number;
  log: (line: string) => void;
  /** Counts requests, sessions and every statement handed to MySQL (GET /__counters). */
  counters: EmulatorCounters;
}

export interface PlanetScaleEmulator {
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  /** Rolls back pinned transactions and closes the MySQL pool. */
  close(): Promise<void>;
}

/**
 * Opaque to the client, which sends back the last one it received. `inTransaction` lets us tell
 * "a transaction whose connection we dropped" (error) from "a fresh statement" (new connection).
 */
interface Session {
  id: string;
  inTransaction: boolean;
}

const ACQUIRE_TIMEOUT_MS = 10_000;
const RPC = "/psdb.v1alpha1.Database/";

const psError = (status: number, code: string, message: string) => new HttpError(status, { error: { code, message } });

function readSession(value: unknown): Session | undefined {
  const s = value as Partial<Session> | null | undefined;
  return typeof s?.id === "string" ? { id: s.id, inTransaction: s.inTransaction === true } : undefined;
}

/** The client sends URL userinfo as it appears in the URL, i.e. possibly percent-encoded. */
function matches(given: string, expected: string): boolean {
  return sameSecret(given, expected) || sameSecret(decodeSegment(given), expected);
}

/** Gets a pooled connection or fails with 503 instead of waiting forever for a dead or busy server. */
async function acquire(pool: Pool): Promise<PoolConnection> {
  const pending = pool.getConnection();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${ACQUIRE_TIMEOUT_MS} ms`)), ACQUIRE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([pending, timeout]);
  } catch (err) {
    pending.then(
      (conn) => conn.release(),
      () => undefined,
    ); // if it arrives late, give it back
    throw psError(503, "UNAVAILABLE", `MySQL is unavailable: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

export function createPlanetScale(opts: PlanetScaleOptions): PlanetScaleEmulator {
  const pool = createPool({
    ...opts.mysql,
    connectionLimit: 64,
    connectTimeout: 3_000,
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: "UTF8MB4_UNICODE_CI",
    enableKeepAlive: true,
    // Vitess reports changed rows, not matched rows, unless a MySQL-protocol client asks otherwise.
    flags: ["-FOUND_ROWS"],
  });
  // PlanetScale runs in UTC; make NOW() and TIMESTAMP columns independent of the host's zone.
  pool.pool.on("connection", (conn) => conn.query("SET time_zone = '+00:00'", () => undefined));
  const sessions = createSessionStore(opts.transactionTimeoutMs, opts.log);

  async function execute(query: string, incoming: Session | undefined) {
    const started = performance.now();
    const id = incoming?.id ?? randomUUID();
    return sessions.exclusive(id, async () => {
      let conn = sessions.take(id);
      if (!conn && incoming?.inTransaction) {
        const message = `transaction of session ${id} has ended: rolled back after ${opts.transactionTimeoutMs} ms idle or lost on restart`;
        return { session: { id, inTransaction: false }, error: { code: "ABORTED", message } };
      }
      const wasPinned = conn !== undefined;
      conn ??= await acquire(pool);
      opts.counters.statement(query);
      const outcome = await runStatement(conn, query, wasPinned);
      if (outcome.kind === "dead") {
        throw psError(503, "UNAVAILABLE", `MySQL connection failed: ${outcome.message}`);
      }
      if (outcome.inTransaction) sessions.pin(id, conn);
      else conn.release();
      const session: Session = { id, inTransaction: outcome.inTransaction };
      const timing = (performance.now() - started) / 1000;
      const reply: { session: Session; timing: number; result?: PsResult; error?: PsError } = { session, timing };
      if (outcome.kind === "ok") reply.result = outcome.result;
      else reply.error = outcome.error;
      if (reply.error) opts.log(`planetscale: ${reply.error.code} ${reply.error.message} <- ${query.slice(0, 200)}`);
      return reply;
    });
  }

  return {
    async handle(req, res, path) {
      const credentials = basicCredentials(req);
      if (!credentials || !matches(credentials.user, opts.user) || !matches(credentials.password, opts.password)) {
        throw psError(401, "UNAUTHENTICATED", "invalid username or password");
      }
      if (req.method !== "POST") throw psError(405, "UNIMPLEMENTED", "only POST is supported");
      opts.counters.planetscaleRequest();
      const body = (await readJson(req, (m) => psError(400, "INVALID_ARGUMENT", m))) as Record<string, unknown> | null;
      if (path === `${RPC}CreateSession`) {
        opts.counters.sessionCreated();
        return sendJson(res, 200, { session: { id: randomUUID(), inTransaction: false } satisfies Session });
      }
      if (path !== `${RPC}Execute`) throw psError(404, "NOT_FOUND", `unknown method ${path}`);
      const query = body?.query;
      if (typeof query !== "string" || query.trim() === "") throw psError(400, "INVALID_ARGUMENT", "query must be a non-empty string");
      sendJson(res, 200, await execute(query, readSession(body?.session)));
    },
    async close() {
      sessions.closeAll();
      await pool.end();
    },
  };
}
