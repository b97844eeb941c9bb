// The first frame of every connection: profile, friends with presence, pending requests and
// unread counts. Fresh from MySQL when it answers; from this object's cache when it does not,
// so a MySQL outage never stops a user from connecting.
import { eq } from "drizzle-orm";
import type { FriendRequest } from "../../protocol/events";
import { PROTOCOL_VERSION, type HelloFrame } from "../../protocol/frames";
import { users } from "../../schema";
import { listFriends } from "../../workers/friends/friendships";
import { listPendingRequests } from "../../workers/friends/request-rows";
import { getDb } from "../../workers/lib/db";
import { getRedis } from "../../workers/lib/redis";
import { countEventsAfter } from "./event-stream";
import { cachedFriends, replaceFriends } from "./friend-cache";
import { presenceSetting } from "./presence";
import type { ObjectServices } from "./object-services";
import { getKv, setKv } from "./storage";
import { unreadCounts } from "./conversation-state";

type Profile = HelloFrame["profile"];

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

export async function buildHello(s: ObjectServices, deviceId: string, cursor: number): Promise<HelloFrame> {
  let requests: { incoming: FriendRequest[]; outgoing: FriendRequest[] } = { incoming: [], outgoing: [] };
  try {
    const fresh = await loadFromMysql(s);
    replaceFriends(s.sql, fresh.friends);
    if (fresh.profile) setKv(s.sql, "profile", JSON.stringify(fresh.profile));
    requests = fresh.requests;
  } catch (err) {
    console.error(JSON.stringify({ level: "warn", what: "hello from cache", uid: s.uid, error: String(err) }));
  }
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
    requests,
    unread: unreadCounts(s.sql),
    pending: countEventsAfter(s.sql, cursor),
  };
}
