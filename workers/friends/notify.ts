// Friend events to users' Durable Objects, the one place that hands them over. One RPC to the
// actor's own object, which applies its own event and queues the others' in its retried outbox
// (durable-objects/user-session/outbox.ts) in the same transaction: once this returns, every
// event is delivered, however often the other objects fail. Keys make each event idempotent.
import type { EventBody } from "../../protocol/events";
import { ApiError } from "../errors";
import { userSession } from "../lib/user-session";

/** One durable event for one user. `key` is stored once, e.g. `friend_request:<id>:<updatedAt ms>`. */
export interface FriendNotice {
  uid: number;
  key: string;
  body: EventBody;
}

/** The RPC is tried this many times, this far apart, before the caller hears of it. */
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 100;

/**
 * Hands the events to `actor`'s object (the user whose request changed MySQL). If it cannot
 * take them, the caller gets 503 EVENTS_UNAVAILABLE: the change itself is saved in MySQL, and
 * every object reloads friends and requests from MySQL when a device connects.
 */
export async function notifyUsers(env: Env, actor: number, notices: FriendNotice[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await userSession(env, actor).relayEvents(notices);
    } catch (err) {
      console.error(
        JSON.stringify({
          level: "error",
          what: "friend events",
          actor,
          attempt,
          types: notices.map((n) => n.body.type),
          error: String(err),
        }),
      );
      if (attempt >= ATTEMPTS) {
        throw new ApiError(
          "EVENTS_UNAVAILABLE",
          "the change is saved, but devices could not be told yet; they see it when they reconnect",
          { cause: err },
        );
      }
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
    }
  }
}
