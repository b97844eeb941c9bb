// One budget per user for every client frame, whichever socket it came on: all of a user's
// sockets land in this one object. Counted in messages (MESSAGE_RATE_PER_SECOND, MESSAGE_BURST):
// a send costs one, any other frame (valid or not) half, an ack a tenth (acks follow pushes).
//
// Kept in this instance's memory, not storage: no write per frame. An evicted object loses it,
// which only errs towards allowing, and hardly: the runtime evicts an object only after it has been
// idle for a while (seconds), longer than the burst takes to refill (burst / rate: 2 s by default).
import type { SessionContext } from "./session-context";
import { takeToken, type Bucket } from "./token-bucket";

export const FRAME_COST = { send: 1, ack: 0.1, other: 0.5 } as const;

const buckets = new WeakMap<DurableObjectState, Bucket>();

/** Spends `cost` from the user's budget; returns undefined, or the seconds to wait when it is spent. */
export function spendBudget(s: SessionContext, cost: number, now = Date.now()): number | undefined {
  const { messageRatePerSecond: rate, messageBurst: burst } = s.settings;
  const { bucket, retryAfter } = takeToken(buckets.get(s.ctx), rate, burst, now, cost);
  buckets.set(s.ctx, bucket);
  return retryAfter;
}
