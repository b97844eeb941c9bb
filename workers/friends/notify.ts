// Live events to a user's Durable Object, the one place that calls its `notify` RPC. Best
// effort: MySQL is the source of truth and the object reloads friends and requests from it on
// every connect, so a failed notification is logged, never turned into a failed request.
import type { EventBody } from "../../protocol/events";
import { userSession } from "../lib/user-session";

/**
 * Hands `body` to the user's Durable Object. `key` makes the event idempotent there (a retried
 * notification with the same key is stored once), e.g. `friend_request:<id>:<updatedAt ms>`.
 */
export async function notifyUser(env: Env, uid: number, key: string, body: EventBody): Promise<void> {
  try {
    await userSession(env, uid).notify(key, body);
  } catch (err) {
    console.error(JSON.stringify({ level: "error", what: "notify", uid, key, type: body.type, error: String(err) }));
  }
}
