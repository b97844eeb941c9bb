// Documented routes: /v1/groups* (the group's own routes and the caller's list and mute).
import { z } from "zod";
import { okReplySchema } from "../../protocol/auth";
import type { ErrorCode } from "../../protocol/errors";
import {
  addMembersSchema,
  createGroupSchema,
  createInviteSchema,
  groupHistoryReplySchema,
  groupIdSchema,
  groupListReplySchema,
  groupMembersReplySchema,
  groupOnlyReplySchema,
  groupReceiptsQuerySchema,
  groupReceiptsReplySchema,
  groupReplySchema,
  inviteReplySchema,
  joinGroupSchema,
  memberUidParamSchema,
  muteGroupSchema,
  muteReplySchema,
  setRoleSchema,
  transferOwnerSchema,
  updateGroupSchema,
} from "../../protocol/groups";
import { historyQuerySchema } from "../../protocol/history";
import { databaseAndObject, type RouteDoc } from "./route-doc";

const ok = { name: "OkReply", schema: okReplySchema };
const withRole = { name: "GroupReply", schema: groupReplySchema };
const changed = { name: "GroupOnlyReply", schema: groupOnlyReplySchema };
/** A malformed group id answers 404 GROUP_NOT_FOUND, like a group the caller is not in. */
const groupParam = z.object({ id: groupIdSchema });
const memberParam = groupParam.extend(memberUidParamSchema.shape);

/** What every route naming a group may answer: it is not there (or not the caller's), or its object is busy. */
const inGroup: ErrorCode[] = ["GROUP_NOT_FOUND", "OBJECT_UNAVAILABLE"];
const asAdmin: ErrorCode[] = [...inGroup, "GROUP_FORBIDDEN"];

const groupRoute = (r: Omit<RouteDoc, "tag" | "auth">): RouteDoc => ({ tag: "Groups", auth: "bearer", ...r });

export const groupRoutesDoc: RouteDoc[] = [
  groupRoute({
    method: "get",
    path: "/v1/groups",
    summary: "The caller's groups with role, unread and mention counts and mute",
    limits: ["user"],
    replies: { 200: { description: "The caller's groups", json: { name: "GroupListReply", schema: groupListReplySchema } } },
    errors: ["OBJECT_UNAVAILABLE"],
  }),
  groupRoute({
    method: "post",
    path: "/v1/groups",
    summary: "Create a group; the caller is its owner and `members` must be their friends",
    limits: ["user"],
    body: createGroupSchema,
    replies: { 201: { description: "The new group", json: withRole } },
    errors: ["NOT_FRIENDS", "GROUP_FULL", ...databaseAndObject],
  }),
  groupRoute({
    method: "post",
    path: "/v1/groups/join",
    summary: "Join with an invite link's token",
    body: joinGroupSchema,
    replies: { 200: { description: "The group joined", json: withRole } },
    errors: ["INVITE_INVALID", "GROUP_FULL", ...inGroup],
  }),
  groupRoute({
    method: "get",
    path: "/v1/groups/:id",
    summary: "A group and the caller's role in it",
    limits: ["user"],
    params: groupParam,
    replies: { 200: { description: "The group", json: withRole } },
    errors: inGroup,
  }),
  groupRoute({
    method: "patch",
    path: "/v1/groups/:id",
    summary: "Rename, set topic, avatar (admins) or membersCanInvite (owner)",
    params: groupParam,
    body: updateGroupSchema,
    replies: { 200: { description: "The group after the change", json: changed } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "delete",
    path: "/v1/groups/:id",
    summary: "Dissolve the group (owner)",
    params: groupParam,
    replies: { 200: { description: "Dissolved", json: ok } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "get",
    path: "/v1/groups/:id/members",
    summary: "The group's members with roles",
    limits: ["user"],
    params: groupParam,
    replies: { 200: { description: "The members", json: { name: "GroupMembersReply", schema: groupMembersReplySchema } } },
    errors: inGroup,
  }),
  groupRoute({
    method: "post",
    path: "/v1/groups/:id/members",
    summary: "Add friends of the caller (admins, or anyone when membersCanInvite)",
    params: groupParam,
    body: addMembersSchema,
    replies: { 200: { description: "The group after the change", json: changed } },
    errors: ["NOT_FRIENDS", "GROUP_FULL", "DATABASE_UNAVAILABLE", ...asAdmin],
  }),
  groupRoute({
    method: "delete",
    path: "/v1/groups/:id/members/:uid",
    summary: "Remove a member (admins remove members, the owner anyone)",
    params: memberParam,
    replies: { 200: { description: "The group after the change", json: changed } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "patch",
    path: "/v1/groups/:id/members/:uid",
    summary: "Make a member admin or member (owner)",
    params: memberParam,
    body: setRoleSchema,
    replies: { 200: { description: "The group after the change", json: changed } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "post",
    path: "/v1/groups/:id/leave",
    summary: "Leave the group (the owner transfers ownership first)",
    params: groupParam,
    replies: { 200: { description: "Left", json: ok } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "post",
    path: "/v1/groups/:id/owner",
    summary: "Hand the group to another member (owner); the old owner becomes an admin",
    params: groupParam,
    body: transferOwnerSchema,
    replies: { 200: { description: "The group after the change", json: changed } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "post",
    path: "/v1/groups/:id/invites",
    summary: "Create an invite link token (whoever may add members)",
    limits: ["user"],
    params: groupParam,
    body: createInviteSchema,
    replies: { 201: { description: "The invite", json: { name: "InviteReply", schema: inviteReplySchema } } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "delete",
    path: "/v1/groups/:id/invites/:token",
    summary: "Revoke an invite link",
    params: groupParam.extend({ token: z.string() }),
    replies: { 200: { description: "Revoked", json: ok } },
    errors: ["INVITE_INVALID", ...asAdmin],
  }),
  groupRoute({
    method: "get",
    path: "/v1/groups/:id/messages",
    summary: "The group's history after the caller joined, newest first",
    limits: ["user"],
    params: groupParam,
    query: historyQuerySchema,
    replies: { 200: { description: "One page of entries", json: { name: "GroupHistoryReply", schema: groupHistoryReplySchema } } },
    errors: ["DATABASE_UNAVAILABLE", ...inGroup],
  }),
  groupRoute({
    method: "get",
    path: "/v1/groups/:id/receipts",
    summary: "Delivered and read counts of messages (the sender's own, or any for admins)",
    limits: ["user"],
    params: groupParam,
    query: groupReceiptsQuerySchema,
    replies: { 200: { description: "Counts per seq", json: { name: "GroupReceiptsReply", schema: groupReceiptsReplySchema } } },
    errors: asAdmin,
  }),
  groupRoute({
    method: "put",
    path: "/v1/groups/:id/mute",
    summary: "Mute or unmute a group on the caller's devices",
    params: groupParam,
    body: muteGroupSchema,
    replies: { 200: { description: "The new setting", json: { name: "MuteReply", schema: muteReplySchema } } },
    errors: ["GROUP_NOT_FOUND", "OBJECT_UNAVAILABLE"],
  }),
];
