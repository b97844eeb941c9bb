// One budget per user for every client frame, whichever socket it came on: all of a user's
// sockets land in this one object. Counted in messages (MESSAGE_RATE_PER_SECOND, MESSAGE_BURST):
// a send costs one, any other frame (valid or not) half, an ack a tenth (acks follow pushes).
//
// Kept in this instance's memory, not storage: no write per frame. An evicted object loses it,
// which only errs towards allowing, and hardly: the runtime evicts an object only after it has been
// idle for a while (seconds), longer than the burst takes to refill (burst / rate: 2 s by default).
import type { ObjectServices } from "./object-services";
import { takeToken, type Bucket } from "./token-bucket";

export const FRAME_COST = { send: 1, ack: 0.1, other: 0.5 } as const;

interface Budget {
  bucket?: Bucket;
  /** Refusing since the last frame let through: only the first refusal of a run is logged. */
  refusing: boolean;
}

const budgets = new WeakMap<DurableObjectState, Budget>();

/**
 * Spends `cost` from the user's budget; undefined when there was enough, else the seconds to wait
 * and whether this is the first refusal since a frame was let through.
 */
export function spendBudget(s: ObjectServices, cost: number, now = Date.now()): { retryAfter: number; first: boolean } | undefined {
  const { messageRatePerSecond: rate, messageBurst: burst } = s.settings;
  const budget = budgets.get(s.ctx) ?? { refusing: false };
  budgets.set(s.ctx, budget);
  const { bucket, retryAfter } = takeToken(budget.bucket, rate, burst, now, cost);
  budget.bucket = bucket;
  const first = !budget.refusing;
  budget.refusing = retryAfter !== undefined;
  return retryAfter === undefined ? undefined : { retryAfter, first };
}
