// Runs one statement on a MySQL connection and reports its PlanetScale result plus transaction state.
import type { FieldPacket, PoolConnection, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { isMysqlServerError, toPsError, type PsError } from "./planetscale-errors";
import { toPsField, toPsRow, type PsField, type PsRow } from "./planetscale-types";

/** `result` of an Execute reply; counts are decimal strings (uint64 in proto3 JSON). */
export interface PsResult {
  fields?: PsField[];
  rows?: PsRow[];
  rowsAffected?: string;
  insertId?: string;
}

export type StatementOutcome =
  | { kind: "ok"; result: PsResult; inTransaction: boolean }
  | { kind: "error"; error: PsError; inTransaction: boolean }
  /** The connection failed and was destroyed. */
  | { kind: "dead"; message: string };

// OK-packet server status bits (MySQL protocol).
const SERVER_STATUS_IN_TRANS = 1;
const SERVER_STATUS_AUTOCOMMIT = 2;

type RawRow = (Buffer | null)[];

function isHeader(value: unknown): value is ResultSetHeader {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "serverStatus" in value;
}

/** mysql2 reads the OK packet's insert id as signed; on the wire it is an unsigned 64-bit integer. */
function unsignedId(value: number | string): string {
  const id = BigInt(value);
  return String(id < 0n ? id + 2n ** 64n : id);
}

/** Whether a connection must stay pinned: inside BEGIN..COMMIT, or autocommit switched off. */
function pinnedByStatus(status: number): boolean {
  return (status & SERVER_STATUS_IN_TRANS) !== 0 || (status & SERVER_STATUS_AUTOCOMMIT) === 0;
}

/**
 * Converts mysql2's answer. A statement returning rows gives (rows, fields); anything else gives an
 * OK header. CALL returns several result sets: the first row set is reported, as PlanetScale does.
 */
function toResult(rows: unknown, fields: unknown): { result: PsResult; status?: number } {
  if (isHeader(rows)) {
    return { result: { rowsAffected: String(rows.affectedRows), insertId: unsignedId(rows.insertId) }, status: rows.serverStatus };
  }
  const sets = rows as unknown[];
  const multi = Array.isArray(fields) && Array.isArray(fields[0]);
  const rowSet = (multi ? sets.find(Array.isArray) : sets) as RawRow[] | undefined;
  const fieldSet = (multi ? (fields as unknown[]).find(Array.isArray) : fields) as FieldPacket[] | undefined;
  const last = multi ? sets.at(-1) : undefined;
  return {
    result: { fields: (fieldSet ?? []).map(toPsField), rows: (rowSet ?? []).map(toPsRow) },
    status: isHeader(last) ? last.serverStatus : undefined,
  };
}

/** After a failed statement inside a transaction, ask the server whether the transaction survived. */
async function transactionSurvived(conn: PoolConnection): Promise<boolean> {
  const [rows] = await conn.query<RowDataPacket[]>("SELECT @@in_transaction AS t, @@autocommit AS a");
  const row = rows[0];
  return Number(row?.t) === 1 || Number(row?.a) === 0;
}

export async function runStatement(conn: PoolConnection, sql: string, wasPinned: boolean): Promise<StatementOutcome> {
  try {
    // Raw bytes for every column: PlanetScale sends MySQL's text protocol values untouched.
    const [rows, fields] = await conn.query({ sql, rowsAsArray: true, typeCast: (field) => field.buffer() });
    const { result, status } = toResult(rows, fields);
    // A plain SELECT carries no status for us; it cannot open or close a transaction either.
    return { kind: "ok", result, inTransaction: status === undefined ? wasPinned : pinnedByStatus(status) };
  } catch (err) {
    if (!isMysqlServerError(err)) {
      conn.destroy();
      return { kind: "dead", message: (err as Error).message };
    }
    const error = toPsError(err);
    if (!wasPinned) return { kind: "error", error, inTransaction: false }; // a failed statement opens nothing
    try {
      return { kind: "error", error, inTransaction: await transactionSurvived(conn) };
    } catch (checkErr) {
      conn.destroy();
      return { kind: "dead", message: (checkErr as Error).message };
    }
  }
}
