// The caller's own view of their groups, answered by their user object (which the group events
// keep): `GET /v1/groups` (every group with role, unread, mentions, mute) and
// `PUT /v1/groups/:id/mute`. The group's own routes (create, members, history, ...) are elsewhere.
import { Hono } from "hono";
import { muteGroupSchema, type Group, type GroupListReply } from "../../protocol/groups";
import type { MyGroup } from "../../durable-objects/user-session/group-membership";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { groupRoom } from "../lib/group-room";
import { userSession } from "../lib/user-session";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { jsonBody } from "../middleware/validate";
import { isGroupId } from "./ids";

/**
 * A group as the list shows it. Its snapshot comes from the last change the user object saw; a
 * group whose changes have not reached it (not expected: a join comes first) is asked of the group
 * itself, and left out if the group says the caller is not in it (or does not answer).
 */
async function listEntry(env: Env, me: number, g: MyGroup): Promise<GroupListReply["groups"][number] | undefined> {
  let group: Group | null = g.group;
  if (!group) {
    const got = await groupRoom(env, g.groupId)
      .get(me)
      .catch(() => undefined);
    if (!got?.ok) return undefined;
    group = got.group;
  }
  return { ...group, lastSeq: Math.max(group.lastSeq, g.lastSeq), role: g.role, muted: g.muted, unread: g.unread, mentions: g.mentions };
}

export const groupMemberViewRoutes = new Hono<AppEnv>()
  .get("/", requireAuth(), limitPerUser("readsPerUser"), async (c) => {
    const me = c.var.user.uid;
    const mine = await userSession(c.env, me).groupList();
    const entries = await Promise.all(mine.map((g) => listEntry(c.env, me, g)));
    const body: GroupListReply = { groups: entries.filter((e) => e !== undefined) };
    return c.json(body);
  })
  .put("/:id/mute", requireAuth(), jsonBody(muteGroupSchema), async (c) => {
    const id = c.req.param("id");
    const { muted } = c.req.valid("json");
    // A malformed id, like a group the caller is not in, is a group that does not exist (as in routes.ts).
    if (!isGroupId(id) || !(await userSession(c.env, c.var.user.uid).setGroupMuted(id, muted)))
      throw new ApiError("GROUP_NOT_FOUND", "no such group");
    return c.json({ groupId: id, muted });
  });
