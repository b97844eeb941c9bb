// Lua script compatibility: Upstash accepts the shebang flag `allow-key-locking` (used by
// @upstash/ratelimit) that redis-server 7.0 rejects. Like Upstash, we accept it: the flag is
// dropped before the script reaches Redis, and EVALSHA with the client's SHA of the original
// script is mapped to the SHA Redis knows.
import { createHash } from "node:crypto";

const UNSUPPORTED_FLAGS = new Set(["allow-key-locking"]);
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** SHA of the script as the client sent it -> SHA of the script Redis was given. */
const shaMap = new Map<string, string>();

function rewrite(script: string): string {
  const match = /^#!lua flags=([^\n]*)/.exec(script);
  if (!match) return script;
  const flags = match[1]!
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f && !UNSUPPORTED_FLAGS.has(f));
  const shebang = flags.length > 0 ? `#!lua flags=${flags.join(",")}` : "#!lua";
  const rewritten = shebang + script.slice(match[0].length);
  if (rewritten !== script) shaMap.set(sha1(script), sha1(rewritten));
  return rewritten;
}

/** Adapts EVAL / EVALSHA / SCRIPT LOAD to what redis-server accepts; other commands pass through. */
export function adaptScriptCommand(command: string[]): string[] {
  const name = (command[0] ?? "").toUpperCase();
  if ((name === "EVAL" || name === "EVAL_RO") && command[1] !== undefined) return [command[0]!, rewrite(command[1]), ...command.slice(2)];
  if ((name === "EVALSHA" || name === "EVALSHA_RO") && command[1] !== undefined) {
    return [command[0]!, shaMap.get(command[1].toLowerCase()) ?? command[1], ...command.slice(2)];
  }
  if (name === "SCRIPT" && command[1]?.toUpperCase() === "LOAD" && command[2] !== undefined)
    return [command[0]!, command[1], rewrite(command[2])];
  return command;
}
