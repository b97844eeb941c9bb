// The group's settings and members as stored in its object, and the Group snapshot members see.
import type { Group, GroupMember, GroupRole } from "../../protocol/groups";
import { getKv, hasTables, setKv } from "./storage";

/** What kv "settings" holds. */
export interface GroupSettings {
  groupId: string;
  name: string;
  topic: string;
  avatarUrl: string | null;
  ownerId: number;
  membersCanInvite: boolean;
  createdAt: number;
  /** Set once dissolved: every call then answers GROUP_NOT_FOUND. */
  dissolvedAt?: number;
}

export type MemberRow = {
  uid: number;
  role: GroupRole;
  joined_at: number;
  joined_after_seq: number;
  read_seq: number;
  delivered_seq: number;
};

/** The group's settings, or undefined when this object holds no group (never created, writes nothing). */
export function readSettings(sql: SqlStorage): GroupSettings | undefined {
  if (!hasTables(sql)) return undefined;
  const raw = getKv(sql, "settings");
  return raw === undefined ? undefined : (JSON.parse(raw) as GroupSettings);
}

export function writeSettings(sql: SqlStorage, settings: GroupSettings): void {
  setKv(sql, "settings", JSON.stringify(settings));
}

export function lastSeq(sql: SqlStorage): number {
  return Number(getKv(sql, "last_seq") ?? 0);
}

export function getMember(sql: SqlStorage, uid: number): MemberRow | undefined {
  return sql.exec<MemberRow>("SELECT * FROM members WHERE uid = ?", uid).toArray()[0];
}

export function allMembers(sql: SqlStorage): MemberRow[] {
  return sql.exec<MemberRow>("SELECT * FROM members ORDER BY role = 'owner' DESC, joined_at, uid").toArray();
}

export function memberUids(sql: SqlStorage): number[] {
  return sql
    .exec<{ uid: number }>("SELECT uid FROM members")
    .toArray()
    .map((r) => r.uid);
}

export function memberCount(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM members").one().n;
}

export function insertMember(sql: SqlStorage, uid: number, role: GroupRole, at: number, joinedAfterSeq: number): void {
  // Positions start at the join: what came before is not theirs to receive or read.
  sql.exec(
    "INSERT INTO members (uid, role, joined_at, joined_after_seq, read_seq, delivered_seq) VALUES (?, ?, ?, ?, ?, ?)",
    uid,
    role,
    at,
    joinedAfterSeq,
    joinedAfterSeq,
    joinedAfterSeq,
  );
}

export function deleteMember(sql: SqlStorage, uid: number): void {
  sql.exec("DELETE FROM members WHERE uid = ?", uid);
}

export function setMemberRole(sql: SqlStorage, uid: number, role: GroupRole): void {
  sql.exec("UPDATE members SET role = ? WHERE uid = ?", role, uid);
}

export function toGroup(sql: SqlStorage, s: GroupSettings): Group {
  return {
    groupId: s.groupId,
    name: s.name,
    topic: s.topic,
    avatarUrl: s.avatarUrl,
    ownerId: s.ownerId,
    memberCount: memberCount(sql),
    membersCanInvite: s.membersCanInvite,
    lastSeq: lastSeq(sql),
    createdAt: new Date(s.createdAt).toISOString(),
  };
}

export function toGroupMember(m: MemberRow): GroupMember {
  return { uid: m.uid, role: m.role, joinedAt: new Date(m.joined_at).toISOString(), joinedAfterSeq: m.joined_after_seq };
}
