// Maps MySQL column metadata and raw row bytes to the PlanetScale (Vitess) HTTP result format.
import type { FieldPacket } from "mysql2/promise";

/** One column as `@planetscale/database` reads it (Vitess `query.Field` in proto3 JSON). */
export interface PsField {
  name: string;
  type: string;
  table: string;
  orgTable: string;
  database: string;
  orgName: string;
  columnLength: number;
  charset: number;
  decimals: number;
  flags: number;
}

/** One row: byte lengths as strings (-1 = NULL) and the non-null raw values concatenated, base64. */
export interface PsRow {
  lengths: string[];
  values: string;
}

// MySQL protocol column type codes -> Vitess type names (vitess go/sqltypes/type.go).
const TYPE_NAMES: Record<number, string> = {
  0: "DECIMAL",
  1: "INT8",
  2: "INT16",
  3: "INT32",
  4: "FLOAT32",
  5: "FLOAT64",
  6: "NULL",
  7: "TIMESTAMP",
  8: "INT64",
  9: "INT24",
  10: "DATE",
  11: "TIME",
  12: "DATETIME",
  13: "YEAR",
  14: "DATE",
  15: "VARCHAR",
  16: "BIT",
  245: "JSON",
  246: "DECIMAL",
  247: "ENUM",
  248: "SET",
  249: "TEXT",
  250: "TEXT",
  251: "TEXT",
  252: "TEXT",
  253: "VARCHAR",
  254: "CHAR",
  255: "GEOMETRY",
};

const UNSIGNED_FLAG = 32;
const ENUM_FLAG = 256;
const SET_FLAG = 2048;
/** Collation id 63 is `binary`: the client turns such columns into Uint8Array. */
export const BINARY_CHARSET = 63;

const UNSIGNED_VARIANT: Record<string, string> = {
  INT8: "UINT8",
  INT16: "UINT16",
  INT24: "UINT24",
  INT32: "UINT32",
  INT64: "UINT64",
};
const BINARY_VARIANT: Record<string, string> = { TEXT: "BLOB", VARCHAR: "VARBINARY", CHAR: "BINARY" };

/**
 * The Vitess type name for one column. MariaDB sends JSON columns as LONGTEXT; mysql2 negotiates
 * MariaDB's extended metadata, which marks them (and JSON function results) with format "json".
 */
export function psTypeName(columnType: number, flags: number, charset: number, extendedFormat?: string): string {
  const base = TYPE_NAMES[columnType] ?? "VARBINARY";
  if (extendedFormat === "json" || base === "JSON") return "JSON";
  if (flags & UNSIGNED_FLAG && UNSIGNED_VARIANT[base]) return UNSIGNED_VARIANT[base];
  if (base === "CHAR" && flags & ENUM_FLAG) return "ENUM";
  if (base === "CHAR" && flags & SET_FLAG) return "SET";
  if (charset === BINARY_CHARSET && BINARY_VARIANT[base]) return BINARY_VARIANT[base];
  return base;
}

function flagBits(flags: FieldPacket["flags"]): number {
  return typeof flags === "number" ? flags : 0;
}

export function toPsField(field: FieldPacket): PsField {
  const flags = flagBits(field.flags);
  const charset = field.characterSet ?? BINARY_CHARSET;
  const columnType = field.columnType ?? field.type ?? 253;
  return {
    name: field.name,
    type: psTypeName(columnType, flags, charset, field.extendedFormat),
    table: field.table,
    orgTable: field.orgTable,
    database: field.schema ?? field.db ?? "",
    orgName: field.orgName,
    columnLength: field.columnLength ?? field.length ?? 0,
    charset,
    decimals: field.decimals,
    flags,
  };
}

/** Encodes one row of raw column bytes (null = SQL NULL). */
export function toPsRow(values: readonly (Buffer | null)[]): PsRow {
  const present = values.filter((v): v is Buffer => v !== null);
  return {
    lengths: values.map((v) => (v === null ? "-1" : String(v.length))),
    values: Buffer.concat(present).toString("base64"),
  };
}
