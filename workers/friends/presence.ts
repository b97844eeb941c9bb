// Friends' presence as others see it, read from the Redis keys each user's Durable Object
// maintains: `qchat:presence:<uid>` = "online" | "busy"; no key means offline (also invisible).
import { presenceSchema, type Presence } from "../../protocol/events";
import type { Redis } from "../lib/redis";

export function presenceKey(uid: number): string {
  return `qchat:presence:${uid}`;
}

/** One MGET for the whole list; anything but "online"/"busy" reads as offline. */
export async function readPresence(redis: Redis, uids: readonly number[]): Promise<Map<number, Presence>> {
  const presence = new Map<number, Presence>();
  if (uids.length === 0) return presence;
  const values = await redis.mget<unknown[]>(...uids.map(presenceKey));
  uids.forEach((uid, i) => {
    const parsed = presenceSchema.safeParse(values[i]);
    presence.set(uid, parsed.success ? parsed.data : "offline");
  });
  return presence;
}
