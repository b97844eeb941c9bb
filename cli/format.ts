// How the CLI shows users, friends, requests and times: plain lines that read well in a
// terminal and stay greppable in scripts.
import type { Friend, FriendRequest, Presence, PublicUser } from "../protocol/events";

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
