// The first frame of every connection: profile, friends with presence, pending requests, unread
// counts and groups (with unread and mention counts), read from this object's own storage. MySQL
// is asked only to fill that cache: on the user's first connect (no `hydrated_at` yet), when the
// mark is older than REPAIR_AFTER_MS, or after a repair was asked for (forgetHydration). Between
// loads friend events and the user's own changes keep the cache true (friend-cache.ts,
// request-cache.ts); see docs/architecture.md. Groups need no load: their events keep them
// (group-membership.ts). A MySQL outage never stops a user from connecting: hello then comes
// from the cache as it is.
import { eq } from "drizzle-orm";
import { PROTOCOL_VERSION, type HelloFrame } from "../../protocol/frames";
import { users } from "../../schema";
import { listFriends } from "../../workers/friends/friendships";
import { listPendingRequests } from "../../workers/friends/request-rows";
import { getDb } from "../../workers/lib/db";
import { getRedis } from "../../workers/lib/redis";
import { countEventsAfter } from "./event-stream";
import { cachedFriends, cacheGeneration, recordPresenceDuringLoad, replaceFriends } from "./friend-cache";
import { presenceSetting } from "./presence";
import type { ObjectServices } from "./object-services";
import { cachedRequests, replaceRequests } from "./request-cache";
import { getKv, setKv } from "./storage";
import { unreadCounts } from "./conversation-state";
import { groupUnreads } from "./group-membership";

type Profile = HelloFrame["profile"];

/** A cache this old is reloaded from MySQL on the next connect, healing any change it missed. */
export const REPAIR_AFTER_MS = 24 * 60 * 60 * 1000;

const HYDRATED_AT = "hydrated_at";

async function loadFromMysql(s: ObjectServices) {
  const db = getDb(s.env);
  const [row, friends, requests] = await Promise.all([
    db.query.users.findFirst({ where: eq(users.id, s.uid) }),
    listFriends(db, getRedis(s.env), s.uid),
    listPendingRequests(db, s.uid),
  ]);
  const profile: Profile | undefined = row && { id: row.id, username: row.username, nickname: row.nickname, avatarUrl: row.avatarUrl };
  return { profile, friends, requests };
}

function needsLoad(sql: SqlStorage): boolean {
  const at = Number(getKv(sql, HYDRATED_AT) ?? 0);
  return Date.now() - at > REPAIR_AFTER_MS;
}

/** The next hello reloads profile, friends and requests from MySQL. */
export function forgetHydration(sql: SqlStorage): void {
  sql.exec("DELETE FROM kv WHERE key = ?", HYDRATED_AT);
}

/**
 * Replaces the caches with MySQL's answer (friends' presence as pushed meanwhile, if it was),
 * unless an event changed them while MySQL was asked (its answer may predate that event): then it
 * asks once more, and failing that leaves the mark unset so the next connect tries again.
 */
async function loadCaches(s: ObjectServices): Promise<void> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const generation = cacheGeneration(s.sql);
    const withPushedPresence = recordPresenceDuringLoad(s.sql);
    let fresh: Awaited<ReturnType<typeof loadFromMysql>>;
    try {
      fresh = await loadFromMysql(s);
    } catch (err) {
      withPushedPresence([]);
      console.error(JSON.stringify({ level: "warn", what: "hello from cache", uid: s.uid, error: String(err) }));
      return;
    }
    const friends = withPushedPresence(fresh.friends);
    if (cacheGeneration(s.sql) !== generation) continue;
    s.transaction(() => {
      replaceFriends(s.sql, friends);
      replaceRequests(s.sql, fresh.requests);
      if (fresh.profile) setKv(s.sql, "profile", JSON.stringify(fresh.profile));
      setKv(s.sql, HYDRATED_AT, Date.now());
    });
    return;
  }
}

/** A load in flight, per object instance: devices connecting together share one. */
const loading = new WeakMap<SqlStorage, Promise<void>>();

function loadOnce(s: ObjectServices): Promise<void> {
  let load = loading.get(s.sql);
  if (!load) {
    load = loadCaches(s).finally(() => loading.delete(s.sql));
    loading.set(s.sql, load);
  }
  return load;
}

export async function buildHello(s: ObjectServices, deviceId: string, cursor: number): Promise<HelloFrame> {
  if (needsLoad(s.sql)) await loadOnce(s);
  const cachedProfile = getKv(s.sql, "profile");
  const profile: Profile = cachedProfile
    ? (JSON.parse(cachedProfile) as Profile)
    : { id: s.uid, username: "", nickname: "", avatarUrl: null };
  return {
    type: "hello",
    protocolVersion: PROTOCOL_VERSION,
    uid: s.uid,
    deviceId,
    serverTime: new Date().toISOString(),
    profile,
    presence: presenceSetting(s.sql),
    friends: cachedFriends(s.sql),
    requests: cachedRequests(s.sql),
    unread: unreadCounts(s.sql),
    groups: groupUnreads(s.sql),
    editWindowSeconds: s.settings.editWindowMs / 1000,
    pending: countEventsAfter(s.sql, cursor),
  };
}
