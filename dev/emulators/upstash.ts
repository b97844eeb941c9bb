// Upstash Redis REST emulator: `POST /`, `/pipeline`, `/multi-exec` (as @upstash/redis sends them) -> redis-server.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorCounters } from "./counters";
import { HttpError, bearerToken, readJson, sameSecret, sendJson } from "./http";
import { RespError, createRespPool, type RespConnection, type RespReply } from "./resp";
import { adaptScriptCommand } from "./upstash-scripts";

export interface UpstashEmulator {
  /** Handles a request whose path had the mount prefix removed ("" or "/pipeline" or "/multi-exec"). */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  close(): void;
}

/** Commands that would leave a pooled connection in a special state (pub/sub, WATCH, another db...). */
const DENIED = new Set([
  "SUBSCRIBE",
  "PSUBSCRIBE",
  "SSUBSCRIBE",
  "UNSUBSCRIBE",
  "PUNSUBSCRIBE",
  "SUNSUBSCRIBE",
  "MONITOR",
  "MULTI",
  "EXEC",
  "DISCARD",
  "WATCH",
  "UNWATCH",
  "SELECT",
  "QUIT",
  "RESET",
  "HELLO",
  "SYNC",
  "PSYNC",
]);

type Outcome = { result: unknown } | { error: string };

const badRequest = (message: string) => new HttpError(400, { error: `ERR ${message}` });

/** Validates one command: a non-empty array of strings/numbers/booleans, stringified for RESP. */
function toCommand(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw badRequest("command must be a non-empty JSON array");
  return adaptScriptCommand(
    value.map((arg) => {
      if (typeof arg === "string") return arg;
      if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
      throw badRequest(`unsupported argument ${JSON.stringify(arg)}`);
    }),
  );
}

function deniedError(command: readonly string[]): string | undefined {
  const name = (command[0] ?? "").toUpperCase();
  return DENIED.has(name) ? `ERR command '${name}' is not available over the REST API` : undefined;
}

/**
 * Renders a reply as Upstash does. In base64 mode every string is base64, nested too, except the
 * status reply "OK" (the client's decoder leaves exactly that one alone); integers stay numbers.
 */
export function encodeReply(reply: RespReply, base64: boolean): unknown {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  if (reply instanceof RespError) return encodeReply(reply.message, base64);
  if (typeof reply === "string") return base64 && reply !== "OK" ? Buffer.from(reply).toString("base64") : reply;
  return base64 ? reply.toString("base64") : reply.toString("utf8");
}

function outcome(reply: RespReply, base64: boolean): Outcome {
  return reply instanceof RespError ? { error: reply.message } : { result: encodeReply(reply, base64) };
}

async function runPipeline(conn: RespConnection, commands: string[][], base64: boolean): Promise<Outcome[]> {
  const replies = commands.map((command) => {
    const denied = deniedError(command);
    return denied ? Promise.resolve<RespReply>(new RespError(denied)) : conn.send(command);
  });
  return (await Promise.all(replies)).map((reply) => outcome(reply, base64));
}

/** MULTI/EXEC on one dedicated connection; a command rejected while queueing aborts the whole request. */
async function runMultiExec(conn: RespConnection, commands: string[][], base64: boolean): Promise<Outcome[]> {
  const denied = commands.map(deniedError).find(Boolean);
  if (denied) throw badRequest(denied.slice(4));
  const sent = [conn.send(["MULTI"]), ...commands.map((c) => conn.send(c)), conn.send(["EXEC"])];
  const replies = await Promise.all(sent);
  const queueError = replies.slice(1, -1).find((r): r is RespError => r instanceof RespError);
  const exec = replies.at(-1) ?? null;
  if (exec instanceof RespError || !Array.isArray(exec)) {
    const reason = queueError ? `: ${queueError.message}` : "";
    throw new HttpError(400, { error: `${exec instanceof RespError ? exec.message : "EXECABORT"}${reason}` });
  }
  return exec.map((reply) => outcome(reply, base64));
}

/** `counters` counts every request and each command it carries (GET /__counters). */
export function createUpstash(opts: { host: string; port: number; token: string; counters: EmulatorCounters }): UpstashEmulator {
  const pool = createRespPool(opts.host, opts.port);
  let syncToken = 0;

  async function withRedis<T>(fn: (conn: RespConnection) => Promise<T>): Promise<T> {
    try {
      return await pool.withConnection(fn);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(503, { error: `ERR redis unavailable: ${(err as Error).message}` });
    }
  }

  return {
    async handle(req, res, path) {
      const headers = { "upstash-sync-token": String(++syncToken) };
      const token = bearerToken(req);
      if (!token || !sameSecret(token, opts.token)) throw new HttpError(401, { error: "Unauthorized" });
      if (req.method !== "POST") throw new HttpError(405, { error: "ERR only POST is supported" });
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      const body = await readJson(req, (message) => badRequest(message));
      const route = path.replace(/\/+$/, "");

      if (route === "") {
        const command = toCommand(body);
        opts.counters.redisRequest("single", [command]);
        const denied = deniedError(command);
        const reply = denied ? new RespError(denied) : await withRedis((conn) => conn.send(command));
        const result = outcome(reply, base64);
        if ("error" in result) throw new HttpError(400, result);
        return sendJson(res, 200, result, headers);
      }
      if (route !== "/pipeline" && route !== "/multi-exec") throw new HttpError(404, { error: `ERR unknown endpoint ${route}` });
      if (!Array.isArray(body) || body.length === 0) throw badRequest("expected a non-empty array of commands");
      const commands = body.map(toCommand);
      opts.counters.redisRequest(route === "/pipeline" ? "pipeline" : "multiExec", commands);
      const run = route === "/pipeline" ? runPipeline : runMultiExec;
      sendJson(res, 200, await withRedis((conn) => run(conn, commands, base64)), headers);
    },
    close: () => pool.close(),
  };
}
