// The status server's job on the edge: say where a user's chat lives. Each user has one
// Durable Object (its shard, placed by Cloudflare near its users), reached through /v1/ws.
import type { ChatLocation } from "../../protocol/auth";

export function chatLocation(env: Pick<Env, "USER_SESSION">, requestUrl: string, uid: number): ChatLocation {
  const url = new URL("/v1/ws", requestUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return { url: url.toString(), shard: env.USER_SESSION.idFromName(String(uid)).toString() };
}
