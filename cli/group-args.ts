// Naming groups and people on the command line: a group by id or by its unique name, friends by
// id, username or alias, comma lists and invite lifetimes like `7d`.
import type { HttpClient } from "../client";
import type { Friend } from "../protocol/events";
import { groupIdSchema, INVITE_TTL_MAX_SECONDS } from "../protocol/groups";
import { CLI, CliError, EXIT } from "./errors";

/** A group id as is; otherwise the one group of yours with that name. */
export async function resolveGroup(http: HttpClient, which: string): Promise<string> {
  if (groupIdSchema.safeParse(which).success) return which;
  const mine = await http.listGroups();
  const matches = mine.filter((g) => g.name.toLowerCase() === which.toLowerCase());
  if (matches.length === 1) return matches[0]!.groupId;
  if (matches.length > 1)
    throw new CliError(
      `${matches.length} of your groups are named "${which}": use the id (${matches.map((g) => g.groupId).join(", ")}).`,
      EXIT.USAGE,
    );
  throw new CliError(`you are in no group named "${which}": see \`${CLI} group list\`.`, EXIT.USAGE);
}

/** Friends by id, username or alias; a group's first members must be your friends. */
export function pickFriends(friends: Friend[], wanted: string[]): number[] {
  return wanted.map((who) => {
    const needle = who.toLowerCase();
    const friend = friends.find((f) => String(f.id) === who || f.username.toLowerCase() === needle || f.alias.toLowerCase() === needle);
    if (!friend)
      throw new CliError(`${who} is not one of your friends, and only friends can be added: see \`${CLI} friends\`.`, EXIT.USAGE);
    return friend.id;
  });
}

/** `3600`, `90s`, `30m`, `12h` or `7d` in seconds, 60 s to 30 days. */
export function parseTtl(raw: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match?.[2] ?? ""] ?? 1;
  const seconds = match ? Number(match[1]) * unit : NaN;
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > INVITE_TTL_MAX_SECONDS)
    throw new CliError(`--ttl "${raw}": give 60 s to 30 days, e.g. 3600, 30m, 12h or 7d.`, EXIT.USAGE);
  return seconds;
}

export const splitList = (raw: string | undefined) =>
  (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
