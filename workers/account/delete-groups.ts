// Deleting an account, group part: the user leaves every group through the group's own object
// (durable-objects/group-room/membership.ts, leaveDeletedAccount), which passes an owner's group on
// or ends a group left empty, and writes the membership to MySQL behind itself.
import { eq } from "drizzle-orm";
import { groupMembers } from "../../schema";
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { groupRoom } from "../lib/group-room";
import { userSession } from "../lib/user-session";

/**
 * The user's groups by MySQL and by their own object (MySQL is written behind the group objects,
 * so a group joined a moment ago may be only in the latter). Returns how many they left.
 */
export async function leaveGroups(deps: Deps, uid: number): Promise<number> {
  const inMysql = await deps.db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, uid));
  const inObject = await userSession(deps.env, uid).groupList();
  const groupIds = new Set([...inMysql.map((r) => r.groupId), ...inObject.map((g) => g.groupId)]);
  let left = 0;
  for (const groupId of groupIds) {
    const verdict = await groupRoom(deps.env, groupId).removeDeletedAccount(uid);
    if (verdict.ok) left += verdict.left ? 1 : 0;
    else if (verdict.code !== "GROUP_NOT_FOUND") throw new ApiError("INTERNAL", `leaving group ${groupId}: ${verdict.message}`);
  }
  return left;
}
