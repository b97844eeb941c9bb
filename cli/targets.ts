// Where a file goes (send-file) or which conversation a download is seen through (--in): a friend
// (id, username or alias) or a group (id, or its name when unique among yours).
import type { HttpClient } from "../client";
import { groupIdSchema } from "../protocol/groups";
import { CLI, CliError, EXIT } from "./errors";
import { displayName } from "./format";

export type Target = { kind: "peer"; uid: number; label: string } | { kind: "group"; groupId: string; label: string };

export async function resolveTarget(http: HttpClient, which: string): Promise<Target> {
  if (groupIdSchema.safeParse(which).success) return { kind: "group", groupId: which, label: which };
  const needle = which.toLowerCase();
  const friends = await http.listFriends();
  const friend = friends.find((f) => String(f.id) === which || f.username.toLowerCase() === needle || f.alias?.toLowerCase() === needle);
  if (friend) return { kind: "peer", uid: friend.id, label: displayName(friend) };
  const groups = (await http.listGroups()).filter((g) => g.name.toLowerCase() === needle);
  if (groups.length === 1) return { kind: "group", groupId: groups[0]!.groupId, label: `"${groups[0]!.name}"` };
  if (groups.length > 1)
    throw new CliError(
      `${groups.length} of your groups are named "${which}": use the id (${groups.map((g) => g.groupId).join(", ")}).`,
      EXIT.USAGE,
    );
  throw new CliError(
    `"${which}" is neither one of your friends nor one of your groups: see \`${CLI} friends\` and \`${CLI} group list\`.`,
    EXIT.USAGE,
  );
}

/** `--in`: a uid or group id as is (no lookup needed), else a friend's or group's name. */
export async function resolveContext(http: HttpClient, which: string): Promise<number | string> {
  if (/^\d{9}$/.test(which)) return Number(which);
  const target = await resolveTarget(http, which);
  return target.kind === "peer" ? target.uid : target.groupId;
}
