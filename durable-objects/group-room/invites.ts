// Invite links: `<groupId>.<random>` (the Worker finds the group from the token), stored as their
// SHA-256 only, expiring, revocable by admins and by whoever made them.
import { fail, isAdmin, mayAddMembers, memberAccess, type Failure } from "./access";

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function newInviteToken(groupId: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `${groupId}.${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")}`;
}

/** The group id an invite token names, if it has the shape of one. */
export function groupOfToken(token: string): string | undefined {
  return /^(g[0-9a-v]{20})\.[A-Za-z0-9_-]{20,64}$/.exec(token)?.[1];
}

export function storeInvite(sql: SqlStorage, caller: number, tokenHash: string, expiresAt: number): { ok: true } | Failure {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  if (!mayAddMembers(access.s, access.me)) return fail("GROUP_FORBIDDEN", "only admins can invite to this group");
  sql.exec("DELETE FROM invites WHERE expires_at <= ?", Date.now());
  sql.exec("INSERT INTO invites (token_hash, created_by, expires_at) VALUES (?, ?, ?)", tokenHash, caller, expiresAt);
  return { ok: true };
}

export function revokeInvite(sql: SqlStorage, caller: number, tokenHash: string): { ok: true } | Failure {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const invite = sql.exec<{ created_by: number }>("SELECT created_by FROM invites WHERE token_hash = ?", tokenHash).toArray()[0];
  if (!invite) return fail("INVITE_INVALID", "no such invite");
  if (invite.created_by !== caller && !isAdmin(access.me))
    return fail("GROUP_FORBIDDEN", "only admins or its creator can revoke an invite");
  sql.exec("DELETE FROM invites WHERE token_hash = ?", tokenHash);
  return { ok: true };
}

/** Whether the invite exists and has not expired. Reads only. */
export function inviteValid(sql: SqlStorage, tokenHash: string, now: number): boolean {
  const row = sql.exec<{ expires_at: number }>("SELECT expires_at FROM invites WHERE token_hash = ?", tokenHash).toArray()[0];
  return row !== undefined && row.expires_at > now;
}
