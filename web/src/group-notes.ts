// Sentences for a group's system entries ("alice added bob and carol"), shown inline in the
// conversation and as notifications. `who` names a uid ("You" / "you" for the reader, as the
// subject or not).
import type { GroupChange } from "../../client";

export type Who = (uid: number, subject?: boolean) => string;

const list = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;

export function describeChange(change: GroupChange, by: number, who: Who): string {
  const actor = who(by, true);
  switch (change.kind) {
    case "created":
      return `${actor} created the group “${change.name}”`;
    case "renamed":
      return `${actor} renamed the group to “${change.name}”`;
    case "topic":
      return change.topic ? `${actor} set the topic: ${change.topic}` : `${actor} cleared the topic`;
    case "avatar":
      return `${actor} changed the group picture`;
    case "settings":
      return change.membersCanInvite ? `${actor} let every member add people` : `${actor} let only admins add people`;
    case "members_added":
      return `${actor} added ${list(change.uids.map((uid) => who(uid)))}`;
    case "joined_by_link":
      return `${who(change.uid, true)} joined with an invite link`;
    case "left":
      return `${who(change.uid, true)} left the group`;
    case "removed":
      return `${actor} removed ${who(change.uid)}`;
    case "role":
      return change.role === "admin" ? `${actor} made ${who(change.uid)} an admin` : `${actor} made ${who(change.uid)} a member`;
    case "owner":
      return `${actor} made ${who(change.uid)} the owner`;
    case "dissolved":
      return `${actor} dissolved the group`;
  }
}

/** Changes that alter the member list or roles (the member panel reloads it). */
export const changesMembers = (change: GroupChange): boolean =>
  ["members_added", "joined_by_link", "left", "removed", "role", "owner"].includes(change.kind);
