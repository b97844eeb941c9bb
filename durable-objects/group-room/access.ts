// Who may do what in a group, checked inside its object: a non-member (or anyone once the group is
// dissolved) is told the group does not exist; a member without the role is refused.
import type { GroupErrorCode } from "./api";
import { getMember, readSettings, type GroupSettings, type MemberRow } from "./state";

export type Failure = { ok: false; code: GroupErrorCode; message: string };

export const fail = (code: GroupErrorCode, message: string): Failure => ({ ok: false, code, message });

export const notFound = () => fail("GROUP_NOT_FOUND", "no such group");

export type Access = { ok: true; s: GroupSettings; me: MemberRow } | Failure;

/** The caller's membership, or GROUP_NOT_FOUND. Reads only: an unknown group stays unwritten. */
export function memberAccess(sql: SqlStorage, caller: number): Access {
  const s = readSettings(sql);
  if (!s || s.dissolvedAt !== undefined) return notFound();
  const me = getMember(sql, caller);
  return me ? { ok: true, s, me } : notFound();
}

export const isAdmin = (m: MemberRow) => m.role === "admin" || m.role === "owner";

/** Admins and the owner add people; members too when the group allows it. */
export const mayAddMembers = (s: GroupSettings, m: MemberRow) => isAdmin(m) || s.membersCanInvite;
