// Friend events to users' Durable Objects, the one place that hands them over. One RPC to the
// actor's own object, which applies its own event and queues the others' in its retried outbox
// (durable-objects/user-session/outbox.ts) in the same transaction: once this returns, every
// event is delivered, however often the other objects fail. Keys make each event idempotent.
import type { OwnCacheChange } from "../../durable-objects/user-session/friend-cache";
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
 * Hands the events to `actor`'s object (the user whose request changed MySQL), with `own`: the
 * changes to the actor's cached friends and requests that no event carries. If it cannot take
 * them, the caller gets 503 EVENTS_UNAVAILABLE: the change itself is saved in MySQL, and every
 * user concerned has their object reload friends and requests from MySQL at their next connect.
 */
export async function notifyUsers(env: Env, actor: number, notices: FriendNotice[], own: OwnCacheChange[] = []): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await userSession(env, actor).relayEvents(notices, own);
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
        await askForRepair(env, [actor, ...notices.map((n) => n.uid)]);
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

/** Best effort: each object that may have missed the change reloads from MySQL at its next hello. */
async function askForRepair(env: Env, uids: number[]): Promise<void> {
  await Promise.allSettled(
    [...new Set(uids)].map((uid) =>
      userSession(env, uid)
        .forgetHydration()
        .catch((err: unknown) => console.error(JSON.stringify({ level: "error", what: "cache repair", uid, error: String(err) }))),
    ),
  );
}
