// /v1/groups: a group's own routes (create, settings, members, roles, invites, history,
// receipts). The group's object checks membership and roles; the Worker checks friendships in
// MySQL and never reaches an object for a malformed id. The caller's list and mute are in
// member-view.ts.
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import {
  addMembersSchema,
  createGroupSchema,
  createInviteSchema,
  groupReceiptsQuerySchema,
  joinGroupSchema,
  memberUidParamSchema,
  setRoleSchema,
  transferOwnerSchema,
  updateGroupSchema,
  type GroupMembersReply,
  type GroupReceiptsReply,
  type GroupReply,
  type InviteReply,
} from "../../protocol/groups";
import { historyQuerySchema } from "../../protocol/history";
import { groupOfToken } from "../../durable-objects/group-room/invites";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { groupRoom } from "../lib/group-room";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { jsonBody, pathParams, queryParams } from "../middleware/validate";
import { requireFriends } from "./friends-check";
import { groupHistory } from "./history";
import { isGroupId, newGroupId } from "./ids";
import { unwrap } from "./verdicts";

type GroupEnv = AppEnv & { Variables: { groupId: string } };

/** A malformed id is a group that does not exist: 404 before any object is named. */
const groupIdParam = createMiddleware<GroupEnv>(async function groupIdParam(c, next) {
  const id = c.req.param("id") ?? "";
  if (!isGroupId(id)) throw new ApiError("GROUP_NOT_FOUND", "no such group");
  c.set("groupId", id);
  await next();
});

const ok = { ok: true as const };

export const groupRoutes = new Hono<GroupEnv>()
  .post("/", requireAuth(), limitPerUser("groupsPerUser"), jsonBody(createGroupSchema), async (c) => {
    const me = c.var.user.uid;
    const body = c.req.valid("json");
    await requireFriends(c.var.deps.db, me, body.members);
    const groupId = newGroupId();
    const { group } = unwrap(await groupRoom(c.env, groupId).create(groupId, me, body));
    return c.json({ group, role: "owner" } satisfies GroupReply, 201);
  })
  .post("/join", requireAuth(), jsonBody(joinGroupSchema), async (c) => {
    const { token } = c.req.valid("json");
    const groupId = groupOfToken(token);
    if (!groupId) throw new ApiError("INVITE_INVALID", "this invite link is unknown, expired or revoked");
    const stub = groupRoom(c.env, groupId);
    unwrap(await stub.joinByInvite(c.var.user.uid, token));
    const { group, role } = unwrap(await stub.get(c.var.user.uid));
    return c.json({ group, role } satisfies GroupReply);
  })
  .get("/:id", requireAuth(), limitPerUser("readsPerUser"), groupIdParam, async (c) => {
    const { group, role } = unwrap(await groupRoom(c.env, c.var.groupId).get(c.var.user.uid));
    return c.json({ group, role } satisfies GroupReply);
  })
  .patch("/:id", requireAuth(), groupIdParam, jsonBody(updateGroupSchema), async (c) => {
    const { group } = unwrap(await groupRoom(c.env, c.var.groupId).update(c.var.user.uid, c.req.valid("json")));
    return c.json({ group });
  })
  .delete("/:id", requireAuth(), groupIdParam, async (c) => {
    unwrap(await groupRoom(c.env, c.var.groupId).dissolve(c.var.user.uid));
    return c.json(ok);
  })
  .get("/:id/members", requireAuth(), limitPerUser("readsPerUser"), groupIdParam, async (c) => {
    const { members } = unwrap(await groupRoom(c.env, c.var.groupId).members(c.var.user.uid));
    return c.json({ members } satisfies GroupMembersReply);
  })
  .post("/:id/members", requireAuth(), groupIdParam, jsonBody(addMembersSchema), async (c) => {
    const me = c.var.user.uid;
    const { uids } = c.req.valid("json");
    await requireFriends(c.var.deps.db, me, uids);
    const { group } = unwrap(await groupRoom(c.env, c.var.groupId).addMembers(me, uids));
    return c.json({ group });
  })
  .delete("/:id/members/:uid", requireAuth(), groupIdParam, pathParams(memberUidParamSchema), async (c) => {
    const { group } = unwrap(await groupRoom(c.env, c.var.groupId).removeMember(c.var.user.uid, c.req.valid("param").uid));
    return c.json({ group });
  })
  .post("/:id/leave", requireAuth(), groupIdParam, async (c) => {
    unwrap(await groupRoom(c.env, c.var.groupId).removeMember(c.var.user.uid, c.var.user.uid));
    return c.json(ok);
  })
  .patch("/:id/members/:uid", requireAuth(), groupIdParam, pathParams(memberUidParamSchema), jsonBody(setRoleSchema), async (c) => {
    const stub = groupRoom(c.env, c.var.groupId);
    const { group } = unwrap(await stub.setRole(c.var.user.uid, c.req.valid("param").uid, c.req.valid("json").role));
    return c.json({ group });
  })
  .post("/:id/owner", requireAuth(), groupIdParam, jsonBody(transferOwnerSchema), async (c) => {
    const { group } = unwrap(await groupRoom(c.env, c.var.groupId).transferOwner(c.var.user.uid, c.req.valid("json").to));
    return c.json({ group });
  })
  .post("/:id/invites", requireAuth(), limitPerUser("groupInvitesPerUser"), groupIdParam, jsonBody(createInviteSchema), async (c) => {
    const stub = groupRoom(c.env, c.var.groupId);
    const { token, expiresAt } = unwrap(await stub.createInvite(c.var.user.uid, c.req.valid("json").ttlSeconds));
    return c.json({ token, expiresAt } satisfies InviteReply, 201);
  })
  .delete("/:id/invites/:token", requireAuth(), groupIdParam, async (c) => {
    const token = c.req.param("token");
    if (groupOfToken(token) !== c.var.groupId) throw new ApiError("INVITE_INVALID", "no such invite in this group");
    unwrap(await groupRoom(c.env, c.var.groupId).revokeInvite(c.var.user.uid, token));
    return c.json(ok);
  })
  .get("/:id/messages", requireAuth(), limitPerUser("readsPerUser"), groupIdParam, queryParams(historyQuerySchema), async (c) => {
    const { before, limit } = c.req.valid("query");
    return c.json(await groupHistory(c.env, c.var.deps.db, c.var.groupId, c.var.user.uid, before, limit));
  })
  .get("/:id/receipts", requireAuth(), limitPerUser("readsPerUser"), groupIdParam, queryParams(groupReceiptsQuerySchema), async (c) => {
    const { members, counts } = unwrap(await groupRoom(c.env, c.var.groupId).receipts(c.var.user.uid, c.req.valid("query").seqs));
    return c.json({ members, counts } satisfies GroupReceiptsReply);
  });
