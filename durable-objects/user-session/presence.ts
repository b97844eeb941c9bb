// This user's presence: the setting (online/busy/invisible) lives in storage; what friends see
// is derived (no live socket or invisible = offline), written to Redis for HTTP readers and
// pushed live to friends' objects. Presence is ephemeral, so the push is best effort.
// Friends hear only of real changes: a second device connecting, or one of two leaving, does not
// change the user's visible presence (Redis then gets only the new socket count).
import type { Presence, SettablePresence } from "../../protocol/events";
import { presenceKey } from "../../workers/friends/presence";
import { getRedis } from "../../workers/lib/redis";
import { recordOnlineIn } from "../../workers/status/online";
import { liveSockets } from "./connections";
import { friendIds } from "./friend-cache";
import type { ObjectServices } from "./object-services";
import { getKv, setKv } from "./storage";

/** Redis keeps presence a little longer than the idle check interval refreshes it. */
const PRESENCE_TTL_SECONDS = 150;

export function presenceSetting(sql: SqlStorage): SettablePresence {
  return (getKv(sql, "presence") as SettablePresence | undefined) ?? "online";
}

/** Sockets still open and not yet accounted for as gone. */
function openSockets(s: ObjectServices): number {
  return liveSockets(s.ctx).filter((l) => !l.attachment.gone).length;
}

export function visiblePresence(s: ObjectServices): Presence {
  const setting = presenceSetting(s.sql);
  return openSockets(s) === 0 || setting === "invisible" ? "offline" : setting;
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
 * Publishes what changed since it was last published: the socket count (the online counter) and
 * the visible presence, both in one Redis pipeline, none when nothing changed; `refresh` (the
 * idle check) rewrites both because Redis may have lost them. A presence change within the
 * interval of the previous one is held back (with the socket count) and published at the
 * interval's end, as whatever the presence is by then: a burst of changes reaches friends as one,
 * and a change undone meanwhile reaches them not at all.
 */
export async function publishPresence(s: ObjectServices, refresh = false): Promise<void> {
  const visible = visiblePresence(s);
  const presenceDue = getKv(s.sql, "published_presence") !== visible;
  if (presenceDue) {
    const pace = pacing.get(s.ctx) ?? { lastAt: 0 };
    pacing.set(s.ctx, pace);
    const wait = pace.lastAt + PRESENCE_FANOUT_INTERVAL_MS - Date.now();
    if (wait > 0) {
      // Held back whole: the socket count waits too, to travel with the presence in one round trip.
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
  }
  const sockets = openSockets(s);
  const socketsChanged = getKv(s.sql, "published_sockets") !== String(sockets);
  if (socketsChanged) setKv(s.sql, "published_sockets", sockets);

  await writeRedis(s, {
    sockets: socketsChanged || refresh ? sockets : undefined,
    presence: presenceDue || refresh ? visible : undefined,
  });
  if (presenceDue) await Promise.allSettled(friendIds(s.sql).map((id) => s.userStub(id).presenceChanged(s.uid, visible)));
}

/** Publishes at once, whatever the pacing, and drops a held publication (an erased account's last word: erase.ts). */
export async function publishPresenceNow(s: ObjectServices): Promise<void> {
  const pace = pacing.get(s.ctx);
  if (pace?.held !== undefined) clearTimeout(pace.held);
  pacing.delete(s.ctx);
  await publishPresence(s);
}

/** One Redis round trip for whatever is given; nothing when nothing is. Best effort: logged on failure. */
async function writeRedis(s: ObjectServices, change: { sockets?: number; presence?: Presence }): Promise<void> {
  if (change.sockets === undefined && change.presence === undefined) return;
  const pipeline = getRedis(s.env).pipeline();
  if (change.sockets !== undefined) recordOnlineIn(pipeline, s.uid, change.sockets);
  if (change.presence === "offline") pipeline.del(presenceKey(s.uid));
  else if (change.presence !== undefined) pipeline.set(presenceKey(s.uid), change.presence, { ex: PRESENCE_TTL_SECONDS });
  await pipeline
    .exec()
    .catch((err: unknown) => console.error(JSON.stringify({ level: "warn", what: "presence redis", error: String(err) })));
}
