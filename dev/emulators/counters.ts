// What the SaaS would bill, counted where it would be billed: every MySQL statement the
// PlanetScale emulator executes (by kind) and every Redis command the Upstash emulator runs (by
// name, each command of a pipeline or multi-exec counted; an EVAL counts once, as the request
// carries it). Served as a monotonically increasing snapshot on GET /__counters so a benchmark
// takes deltas around a phase; nothing ever resets, so concurrent readers cannot disturb each other.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendJson } from "./http";

export type StatementKind = "select" | "insert" | "update" | "delete" | "begin" | "commit" | "rollback" | "other";

export interface CountersSnapshot {
  planetscale: {
    /** HTTP requests: CreateSession and Execute. */
    requests: number;
    sessionsCreated: number;
    /** Statements handed to MySQL (failed ones too: they were executed). */
    statements: number;
    byKind: Record<StatementKind, number>;
  };
  upstash: {
    /** HTTP requests (round trips), by endpoint: single command, /pipeline, /multi-exec. */
    requests: { single: number; pipeline: number; multiExec: number };
    /** Commands run; MULTI/EXEC wrappers of a multi-exec are not counted (Upstash does not bill them). */
    commands: number;
    byCommand: Record<string, number>;
    /** Commands by key namespace (`qchat:metrics`, `qchat:session`, ...: the key up to its second colon). */
    byKeyPrefix: Record<string, number>;
    /** Requests by the key namespace of their first command: lets a caller set aside traffic it knows (e.g. metrics flushes). */
    requestsByKeyPrefix: Record<string, number>;
  };
}

export interface EmulatorCounters {
  statement(sql: string): void;
  sessionCreated(): void;
  planetscaleRequest(): void;
  /** One Upstash HTTP request carrying `commands`. */
  redisRequest(endpoint: keyof CountersSnapshot["upstash"]["requests"], commands: readonly (readonly string[])[]): void;
  snapshot(): CountersSnapshot;
}

const LEADING_NOISE = /^(?:\s+|\/\*[\s\S]*?\*\/|--[^\n]*\n|#[^\n]*\n)*/;

/** The statement's kind by its first keyword, after comments and an opening parenthesis. */
export function statementKind(sql: string): StatementKind {
  const word = /^\(?\s*([A-Za-z]+)/.exec(sql.replace(LEADING_NOISE, ""))?.[1]?.toUpperCase();
  switch (word) {
    case "SELECT":
    case "WITH":
      return "select";
    case "INSERT":
    case "REPLACE":
      return "insert";
    case "UPDATE":
      return "update";
    case "DELETE":
      return "delete";
    case "BEGIN":
    case "START":
      return "begin";
    case "COMMIT":
      return "commit";
    case "ROLLBACK":
      return "rollback";
    default:
      return "other";
  }
}

/** The key a command names (EVAL/EVALSHA: its first KEYS entry), or undefined for keyless commands. */
function firstKey(command: readonly string[]): string | undefined {
  const name = (command[0] ?? "").toUpperCase();
  if (name.startsWith("EVAL")) return Number(command[2]) > 0 ? command[3] : undefined;
  if (["PING", "ECHO", "SCRIPT", "INFO", "DBSIZE", "FLUSHDB", "FLUSHALL", "TIME", "KEYS", "SCAN"].includes(name)) return undefined;
  return command[1];
}

/** `qchat:metrics:queues` -> `qchat:metrics`; keys without a colon are their own namespace. */
export function keyPrefix(key: string | undefined): string {
  if (key === undefined) return "(no key)";
  const parts = key.split(":");
  return parts.slice(0, 2).join(":");
}

const bump = (tally: Record<string, number>, name: string, by = 1) => void (tally[name] = (tally[name] ?? 0) + by);

export function createCounters(): EmulatorCounters {
  const ps: CountersSnapshot["planetscale"] = {
    requests: 0,
    sessionsCreated: 0,
    statements: 0,
    byKind: { select: 0, insert: 0, update: 0, delete: 0, begin: 0, commit: 0, rollback: 0, other: 0 },
  };
  const up: CountersSnapshot["upstash"] = {
    requests: { single: 0, pipeline: 0, multiExec: 0 },
    commands: 0,
    byCommand: {},
    byKeyPrefix: {},
    requestsByKeyPrefix: {},
  };
  return {
    statement(sql) {
      ps.statements++;
      ps.byKind[statementKind(sql)]++;
    },
    sessionCreated: () => void ps.sessionsCreated++,
    planetscaleRequest: () => void ps.requests++,
    redisRequest(endpoint, commands) {
      up.requests[endpoint]++;
      bump(up.requestsByKeyPrefix, keyPrefix(commands[0] && firstKey(commands[0])));
      for (const command of commands) {
        up.commands++;
        bump(up.byCommand, (command[0] ?? "").toUpperCase());
        bump(up.byKeyPrefix, keyPrefix(firstKey(command)));
      }
    },
    snapshot: () => structuredClone({ planetscale: ps, upstash: up }),
  };
}

/** GET /__counters: the snapshot. Local emulators only. */
export function handleCounters(counters: EmulatorCounters, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET") throw new HttpError(405, { error: "GET only: the counters only grow; take deltas" });
  sendJson(res, 200, counters.snapshot());
}
