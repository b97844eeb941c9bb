// This user's presence: the setting (online/busy/invisible) lives in storage; what friends see
// is derived (no live socket or invisible = offline), written to Redis for HTTP readers and
// pushed live to friends' objects. Presence is ephemeral, so the push is best effort.
import type { Presence, SettablePresence } from "../../protocol/events";
import { presenceKey } from "../../workers/friends/presence";
import { getRedis } from "../../workers/lib/redis";
import { liveSockets } from "./connections";
import { friendIds } from "./friend-cache";
import type { SessionContext } from "./session-context";
import { getKv, setKv } from "./storage";

/** Redis keeps presence a little longer than the idle check interval refreshes it. */
const PRESENCE_TTL_SECONDS = 150;

export function presenceSetting(sql: SqlStorage): SettablePresence {
  return (getKv(sql, "presence") as SettablePresence | undefined) ?? "online";
}

export function visiblePresence(s: SessionContext): Presence {
  const setting = presenceSetting(s.sql);
  return liveSockets(s.ctx).length === 0 || setting === "invisible" ? "offline" : setting;
}

export async function setPresence(s: SessionContext, status: SettablePresence): Promise<void> {
  setKv(s.sql, "presence", status);
  await publishPresence(s);
}

/** Publishes the visible presence if it changed (or `refresh` to renew the Redis TTL). */
export async function publishPresence(s: SessionContext, refresh = false): Promise<void> {
  const visible = visiblePresence(s);
  const changed = getKv(s.sql, "published_presence") !== visible;
  if (!changed && !refresh) return;
  setKv(s.sql, "published_presence", visible);
  const redis = getRedis(s.env);
  await (visible === "offline" ? redis.del(presenceKey(s.uid)) : redis.set(presenceKey(s.uid), visible, { ex: PRESENCE_TTL_SECONDS }))
    .catch((err: unknown) => console.error(JSON.stringify({ level: "warn", what: "presence redis", error: String(err) })));
  if (!changed) return;
  await Promise.allSettled(friendIds(s.sql).map((id) => s.userStub(id).presenceChanged(s.uid, visible)));
}
