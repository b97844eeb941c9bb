// Changes to the group and its members, with the role rules: admins rename, set the topic and
// avatar, add and remove members (another admin only when the owner, the owner never); members
// add people only when membersCanInvite; the owner changes roles, transfers and dissolves.
// Each change is a `group_change` entry in the log (record.ts).
import type { CreateGroupBody, Group, GroupChange, UpdateGroupBody } from "../../protocol/groups";
import { fail, isAdmin, mayAddMembers, memberAccess, type Failure } from "./access";
import { queueGroupRow, recordChange } from "./record";
import {
  allMembers,
  deleteMember,
  getMember,
  insertMember,
  lastSeq,
  memberCount,
  readSettings,
  setMemberRole,
  toGroup,
  writeSettings,
  type GroupSettings,
} from "./state";
import { createTables } from "./storage";
import { queueGroupWrite } from "./write-behind";

type GroupVerdict = { ok: true; group: Group } | Failure;

const full = (max: number) => fail("GROUP_FULL", `a group has at most ${max} members`);

function addMemberRow(sql: SqlStorage, s: GroupSettings, uid: number, role: "owner" | "admin" | "member", at: number, after: number) {
  insertMember(sql, uid, role, at, after);
  queueGroupWrite(sql, { op: "member", groupId: s.groupId, uid, role, joinedAt: at, joinedAfterSeq: after });
}

function changeRole(sql: SqlStorage, s: GroupSettings, uid: number, role: "owner" | "admin" | "member") {
  setMemberRole(sql, uid, role);
  const m = getMember(sql, uid)!;
  queueGroupWrite(sql, { op: "member", groupId: s.groupId, uid, role, joinedAt: m.joined_at, joinedAfterSeq: m.joined_after_seq });
}

function removeMemberRow(sql: SqlStorage, s: GroupSettings, uid: number) {
  deleteMember(sql, uid);
  queueGroupWrite(sql, { op: "member_gone", groupId: s.groupId, uid });
}

/** Creates the group in a new object: the creator owns it; `members` were checked to be their friends. */
export function createGroup(
  sql: SqlStorage,
  groupId: string,
  creator: number,
  body: CreateGroupBody,
  max: number,
  now: number,
): GroupVerdict {
  const existing = readSettings(sql);
  if (existing)
    return existing.ownerId === creator && !existing.dissolvedAt
      ? { ok: true, group: toGroup(sql, existing) }
      : fail("GROUP_FORBIDDEN", "this group id is taken");
  const others = [...new Set(body.members)].filter((uid) => uid !== creator);
  if (others.length + 1 > max) return full(max);
  createTables(sql);
  const s: GroupSettings = {
    groupId,
    name: body.name,
    topic: body.topic,
    avatarUrl: body.avatarUrl,
    ownerId: creator,
    membersCanInvite: body.membersCanInvite,
    createdAt: now,
  };
  writeSettings(sql, s);
  addMemberRow(sql, s, creator, "owner", now, 0);
  for (const uid of others) addMemberRow(sql, s, uid, "member", now, 0);
  recordChange(sql, s, creator, { kind: "created", name: s.name }, now);
  return { ok: true, group: toGroup(sql, s) };
}

/** Admins change name, topic and avatar; only the owner changes membersCanInvite. One entry per field that changed. */
export function updateGroup(sql: SqlStorage, caller: number, body: UpdateGroupBody, now: number): GroupVerdict {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const { s, me } = access;
  if (!isAdmin(me)) return fail("GROUP_FORBIDDEN", "only admins can change the group");
  if (body.membersCanInvite !== undefined && me.role !== "owner")
    return fail("GROUP_FORBIDDEN", "only the owner can change who may add members");
  const changes: GroupChange[] = [];
  if (body.name !== undefined && body.name !== s.name) changes.push({ kind: "renamed", name: (s.name = body.name) });
  if (body.topic !== undefined && body.topic !== s.topic) changes.push({ kind: "topic", topic: (s.topic = body.topic) });
  if (body.avatarUrl !== undefined && body.avatarUrl !== s.avatarUrl)
    changes.push({ kind: "avatar", avatarUrl: (s.avatarUrl = body.avatarUrl) });
  if (body.membersCanInvite !== undefined && body.membersCanInvite !== s.membersCanInvite)
    changes.push({ kind: "settings", membersCanInvite: (s.membersCanInvite = body.membersCanInvite) });
  if (changes.length > 0) writeSettings(sql, s);
  for (const change of changes) recordChange(sql, s, caller, change, now);
  return { ok: true, group: toGroup(sql, s) };
}

/** Adds people (already members are skipped); `uids` were checked to be the caller's friends. */
export function addMembers(sql: SqlStorage, caller: number, uids: number[], max: number, now: number): GroupVerdict {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const { s, me } = access;
  if (!mayAddMembers(s, me)) return fail("GROUP_FORBIDDEN", "only admins can add members to this group");
  const added = [...new Set(uids)].filter((uid) => !getMember(sql, uid));
  if (added.length === 0) return { ok: true, group: toGroup(sql, s) };
  if (memberCount(sql) + added.length > max) return full(max);
  // They see history from their own "added" entry on.
  const after = lastSeq(sql);
  for (const uid of added) addMemberRow(sql, s, uid, "member", now, after);
  recordChange(sql, s, caller, { kind: "members_added", uids: added }, now);
  return { ok: true, group: toGroup(sql, s) };
}

/** Joins by a valid invite (invites.ts checked it); a member already in gets the group as is. */
export function joinGroup(sql: SqlStorage, s: GroupSettings, uid: number, max: number, now: number): GroupVerdict {
  if (getMember(sql, uid)) return { ok: true, group: toGroup(sql, s) };
  if (memberCount(sql) + 1 > max) return full(max);
  addMemberRow(sql, s, uid, "member", now, lastSeq(sql));
  recordChange(sql, s, uid, { kind: "joined_by_link", uid }, now);
  return { ok: true, group: toGroup(sql, s) };
}

/**
 * `target === caller` leaves (the owner only as the last member, which ends the group; otherwise
 * they transfer first). Otherwise an admin removes a member: another admin only if the caller is
 * the owner, the owner never. Removing someone already gone changes nothing.
 */
export function removeMember(sql: SqlStorage, caller: number, target: number, now: number): GroupVerdict {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const { s, me } = access;
  if (target === caller) {
    if (me.role === "owner") {
      if (memberCount(sql) > 1) return fail("GROUP_FORBIDDEN", "the owner must transfer ownership before leaving");
      return dissolveAs(sql, s, caller, now);
    }
    removeMemberRow(sql, s, caller);
    recordChange(sql, s, caller, { kind: "left", uid: caller }, now, [caller]);
    return { ok: true, group: toGroup(sql, s) };
  }
  if (!isAdmin(me)) return fail("GROUP_FORBIDDEN", "only admins can remove members");
  const them = getMember(sql, target);
  if (!them) return { ok: true, group: toGroup(sql, s) };
  if (them.role === "owner") return fail("GROUP_FORBIDDEN", "the owner cannot be removed");
  if (them.role === "admin" && me.role !== "owner") return fail("GROUP_FORBIDDEN", "only the owner can remove an admin");
  removeMemberRow(sql, s, target);
  recordChange(sql, s, caller, { kind: "removed", uid: target }, now, [target]);
  return { ok: true, group: toGroup(sql, s) };
}

export function setRole(sql: SqlStorage, caller: number, target: number, role: "admin" | "member", now: number): GroupVerdict {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const { s, me } = access;
  if (me.role !== "owner") return fail("GROUP_FORBIDDEN", "only the owner can change roles");
  const them = getMember(sql, target);
  if (!them) return fail("VALIDATION_FAILED", `user ${target} is not a member of this group`);
  if (them.role === "owner") return fail("GROUP_FORBIDDEN", "the owner's role changes only by a transfer");
  if (them.role !== role) {
    changeRole(sql, s, target, role);
    recordChange(sql, s, caller, { kind: "role", uid: target, role }, now);
  }
  return { ok: true, group: toGroup(sql, s) };
}

/** The owner hands the group to another member and becomes an admin. */
export function transferOwner(sql: SqlStorage, caller: number, to: number, now: number): GroupVerdict {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const { s, me } = access;
  if (me.role !== "owner") return fail("GROUP_FORBIDDEN", "only the owner can transfer the group");
  if (to === caller) return { ok: true, group: toGroup(sql, s) };
  if (!getMember(sql, to)) return fail("VALIDATION_FAILED", `user ${to} is not a member of this group`);
  changeRole(sql, s, to, "owner");
  changeRole(sql, s, caller, "admin");
  s.ownerId = to;
  writeSettings(sql, s);
  recordChange(sql, s, caller, { kind: "owner", uid: to, previous: caller }, now);
  return { ok: true, group: toGroup(sql, s) };
}

export function dissolve(sql: SqlStorage, caller: number, now: number): { ok: true } | Failure {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  if (access.me.role !== "owner") return fail("GROUP_FORBIDDEN", "only the owner can dissolve the group");
  dissolveAs(sql, access.s, caller, now);
  return { ok: true };
}

/** The last event every member gets; then nobody is a member and every call answers GROUP_NOT_FOUND. */
function dissolveAs(sql: SqlStorage, s: GroupSettings, by: number, now: number): GroupVerdict {
  const members = allMembers(sql).map((m) => m.uid);
  recordChange(sql, s, by, { kind: "dissolved" }, now);
  for (const uid of members) removeMemberRow(sql, s, uid);
  sql.exec("DELETE FROM invites");
  s.dissolvedAt = now;
  writeSettings(sql, s);
  queueGroupRow(sql, s, now);
  return { ok: true, group: toGroup(sql, s) };
}

/**
 * A deleted account leaves (no role rule applies: the account is gone). An owner's group passes to
 * the longest-standing admin, else the longest-standing member; the last member's leaving ends the
 * group. The leaver is sent nothing (their object is being erased), and calls still queued for it
 * are dropped. Not a member (already left, a retry): nothing changes.
 */
export function leaveDeletedAccount(sql: SqlStorage, uid: number, now: number): { ok: true; left: boolean } | Failure {
  const access = memberAccess(sql, uid);
  if (!access.ok) return access.code === "GROUP_NOT_FOUND" ? { ok: true, left: false } : access;
  const { s, me } = access;
  const others = allMembers(sql).filter((m) => m.uid !== uid);
  if (others.length === 0) {
    dissolveAs(sql, s, uid, now);
  } else {
    removeMemberRow(sql, s, uid);
    if (me.role === "owner") {
      const oldest = (role: string) => others.filter((m) => m.role === role).sort((a, b) => a.joined_at - b.joined_at || a.uid - b.uid)[0];
      const heir = oldest("admin") ?? oldest("member")!;
      changeRole(sql, s, heir.uid, "owner");
      s.ownerId = heir.uid;
      writeSettings(sql, s);
      recordChange(sql, s, uid, { kind: "owner", uid: heir.uid, previous: uid }, now);
    }
    recordChange(sql, s, uid, { kind: "left", uid }, now);
  }
  sql.exec("DELETE FROM outbox WHERE target = ?", uid);
  return { ok: true, left: true };
}
