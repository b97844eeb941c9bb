// How the CLI shows users, friends, requests, groups, members, attachments and times: plain lines that read well in a
// terminal and stay greppable in scripts.
import type { GroupListReply, GroupRole, StoredFile } from "../client";
import type { Friend, FriendRequest, Presence, PublicUser } from "../protocol/events";
import { formatBytes } from "./progress";

const PRESENCE_MARK: Record<Presence, string> = { online: "●", busy: "◐", offline: "○" };

/** `alice (Ally)`: the username, and the alias or nickname when it says something more. */
export function displayName(user: PublicUser & { alias?: string }): string {
  const extra = user.alias || (user.nickname !== user.username ? user.nickname : "");
  return extra ? `${user.username} (${extra})` : user.username;
}

export function userLine(user: PublicUser): string {
  return `${user.id}  ${displayName(user)}${user.bio ? `  — ${user.bio}` : ""}`;
}

export function friendLine(friend: Friend): string {
  return `${PRESENCE_MARK[friend.presence]} ${friend.presence.padEnd(7)} ${friend.id}  ${displayName(friend)}`;
}

export function requestLine(request: FriendRequest, direction: "incoming" | "outgoing"): string {
  const other =
    direction === "incoming"
      ? `from ${displayName(request.from)} (${request.from.id})`
      : `to ${displayName(request.to)} (${request.to.id})`;
  const note = request.message ? `  "${request.message}"` : "";
  return `#${request.id}  ${other}${note}  ${request.createdAt.slice(0, 16).replace("T", " ")}`;
}

/** HH:MM:SS in local time. */
export function clock(iso: string | number = Date.now()): string {
  return new Date(iso).toTimeString().slice(0, 8);
}

const ROLE_ORDER: Record<GroupRole, number> = { owner: 0, admin: 1, member: 2 };

/** Owner first, then admins, then members, each by join time. */
export function memberLines(people: { uid: number; role: GroupRole; joinedAt: string }[], name: (uid: number) => string): string[] {
  const sorted = [...people].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.joinedAt.localeCompare(b.joinedAt));
  return [
    ...sorted.map((m) => `${m.role.padEnd(6)}  ${m.uid}  ${name(m.uid)}  joined ${m.joinedAt.slice(0, 10)}`),
    `${people.length} member${people.length === 1 ? "" : "s"}`,
  ];
}

export function groupLine(g: GroupListReply["groups"][number]): string {
  const counts = [g.unread ? `${g.unread} unread` : "", g.mentions ? `${g.mentions} @you` : "", g.muted ? "muted" : ""].filter(Boolean);
  return `${g.groupId}  ${g.name}  (${g.memberCount} members, ${g.role})${counts.length ? `  ${counts.join(", ")}` : ""}`;
}

/** `[file: cat.png (48 KB, image/png, 640×480) f0123…]`: what an attachment shows, with the id to download it. */
export function attachmentText(file: StoredFile): string {
  const facts = [formatBytes(file.size), file.mime, file.width && file.height ? `${file.width}×${file.height}` : ""].filter(Boolean);
  return `[file: ${file.name} (${facts.join(", ")}) ${file.id}]`;
}

/** A message's text and its attachment, either of which may be missing. */
export function messageText(body: string, file?: StoredFile): string {
  if (!file) return body;
  return body ? `${body} ${attachmentText(file)}` : attachmentText(file);
}
