// Turns MySQL errors into the `{code, message}` errors PlanetScale returns (Vitess gRPC code names).

export interface PsError {
  code: string;
  message: string;
}

/** What mysql2 puts on an error that came from the server (as opposed to a socket or driver failure). */
export interface MysqlServerError {
  errno: number;
  sqlState: string;
  sqlMessage: string;
}

// A subset of Vitess' errno -> code table (vttablet convertErrorCode); everything else is UNKNOWN.
const CODE_BY_ERRNO = new Map<number, string>();
const GROUPS: [string, number[]][] = [
  ["ALREADY_EXISTS", [1007, 1050, 1062, 1086, 1125]],
  ["NOT_FOUND", [1032, 1051, 1054, 1091, 1146, 1176]],
  ["PERMISSION_DENIED", [1044, 1045, 1142, 1143, 1227]],
  ["FAILED_PRECONDITION", [1046, 1169, 1216, 1217, 1241, 1242, 1364, 1451, 1452, 1792]],
  ["INVALID_ARGUMENT", [1048, 1049, 1052, 1060, 1061, 1064, 1065, 1136, 1149, 1166, 1264, 1292, 1366, 1406, 1690, 3140]],
  ["DEADLINE_EXCEEDED", [1205]],
  ["ABORTED", [1213, 1317]],
  ["RESOURCE_EXHAUSTED", [1037, 1038, 1040, 1041, 1114, 1153, 1203, 1206]],
  ["UNIMPLEMENTED", [1235]],
];
for (const [code, errnos] of GROUPS) for (const errno of errnos) CODE_BY_ERRNO.set(errno, code);

export function isMysqlServerError(err: unknown): err is MysqlServerError {
  const e = err as (Partial<MysqlServerError> & { fatal?: boolean }) | null;
  return typeof e?.errno === "number" && typeof e.sqlState === "string" && typeof e.sqlMessage === "string" && !e.fatal;
}

/** Keeps errno and sqlstate in the message, in the same shape as PlanetScale's errors. */
export function toPsError(err: MysqlServerError): PsError {
  return {
    code: CODE_BY_ERRNO.get(err.errno) ?? "UNKNOWN",
    message: `${err.sqlMessage} (errno ${err.errno}) (sqlstate ${err.sqlState})`,
  };
}
