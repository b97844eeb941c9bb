// This user's presence: the setting (online/busy/invisible) lives in storage; what friends see
// is derived (no live socket or invisible = offline), written to Redis for HTTP readers and
// pushed live to friends' objects. Presence is ephemeral, so the push is best effort.
import type { Presence, SettablePresence } from "../../protocol/events";
import { presenceKey } from "../../workers/friends/presence";
import { getRedis } from "../../workers/lib/redis";
import { liveSockets } from "./connections";
import { friendIds } from "./friend-cache";
import type { ObjectServices } from "./object-services";
import { getKv, setKv } from "./storage";

/** Redis keeps presence a little longer than the idle check interval refreshes it. */
const PRESENCE_TTL_SECONDS = 150;

export function presenceSetting(sql: SqlStorage): SettablePresence {
  return (getKv(sql, "presence") as SettablePresence | undefined) ?? "online";
}

export function visiblePresence(s: ObjectServices): Presence {
  const setting = presenceSetting(s.sql);
  return liveSockets(s.ctx).length === 0 || setting === "invisible" ? "offline" : setting;
}

export async function setPresence(s: ObjectServices, status: SettablePresence): Promise<void> {
  setKv(s.sql, "presence", status);
  await publishPresence(s);
}

/** Friends hear of rapid changes at most once per this interval; the state at its end wins. */
export const PRESENCE_FANOUT_INTERVAL_MS = 1_000;

/**
 * Per object instance, in memory: when friends were last told, and the timer of a publication
 * held back. An evicted object loses it, which only lets its next change out at once.
 */
const pacing = new WeakMap<DurableObjectState, { lastAt: number; held?: ReturnType<typeof setTimeout> }>();

/**
 * Publishes the visible presence if it changed since friends were last told (`refresh` also
 * renews the Redis TTL). A change within the interval of the previous one is held back and
 * published at the interval's end, as whatever the presence is by then: a burst of changes
 * reaches friends as one, and a change undone meanwhile reaches them not at all.
 */
export async function publishPresence(s: ObjectServices, refresh = false): Promise<void> {
  const visible = visiblePresence(s);
  const changed = getKv(s.sql, "published_presence") !== visible;
  if (!changed) {
    if (refresh) await writeRedis(s, visible);
    return;
  }
  const pace = pacing.get(s.ctx) ?? { lastAt: 0 };
  pacing.set(s.ctx, pace);
  const wait = pace.lastAt + PRESENCE_FANOUT_INTERVAL_MS - Date.now();
  if (wait > 0) {
    pace.held ??= setTimeout(() => {
      pace.held = undefined;
      publishPresence(s).catch((err: unknown) =>
        console.error(JSON.stringify({ level: "warn", what: "presence publish", error: String(err) })),
      );
    }, wait);
    return;
  }
  pace.lastAt = Date.now();
  setKv(s.sql, "published_presence", visible);
  await writeRedis(s, visible);
  await Promise.allSettled(friendIds(s.sql).map((id) => s.userStub(id).presenceChanged(s.uid, visible)));
}

async function writeRedis(s: ObjectServices, visible: Presence): Promise<void> {
  const redis = getRedis(s.env);
  await (
    visible === "offline" ? redis.del(presenceKey(s.uid)) : redis.set(presenceKey(s.uid), visible, { ex: PRESENCE_TTL_SECONDS })
  ).catch((err: unknown) => console.error(JSON.stringify({ level: "warn", what: "presence redis", error: String(err) })));
}
