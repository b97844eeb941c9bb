// The /v1/groups routes of the typed HTTP client: one method per route, replies as the routes
// declare them (protocol/groups.ts; {group, role} kept whole; {group}, {groups} and {members}
// unwrapped; {ok} replies as void). Errors are QChatError with the server's code
// (GROUP_NOT_FOUND, GROUP_FORBIDDEN, GROUP_FULL, INVITE_INVALID...).
import type { z } from "zod";
import type { createGroupSchema, GroupId, updateGroupSchema } from "../protocol/groups";
import { segment, text } from "./http-params";
import type { HttpTransport } from "./http-request";

/** `createGroup`'s body: only `name` is required. */
export type CreateGroupInput = z.input<typeof createGroupSchema>;
/** `updateGroup`'s body: at least one field. */
export type UpdateGroupInput = z.input<typeof updateGroupSchema>;

export function groupRoutes(t: HttpTransport) {
  const groups = t.api.v1.groups;
  const group = groups[":id"];
  const id = (groupId: GroupId) => ({ id: segment(groupId) });
  const done = async (reply: Promise<unknown>): Promise<void> => void (await reply);

  return {
    /** The caller becomes the owner; `members` must be the caller's friends. */
    createGroup: (body: CreateGroupInput) => t.json(groups.$post({ json: body })),
    /** Every group the caller is in, with role, mute, unread and mention counts. */
    listGroups: async () => (await t.json(groups.$get())).groups,
    getGroup: (groupId: GroupId) => t.json(group.$get({ param: id(groupId) })),
    /** Rename, topic, avatar (admins); membersCanInvite (owner). Answers with the group as it is after. */
    updateGroup: async (groupId: GroupId, body: UpdateGroupInput) => (await t.json(group.$patch({ param: id(groupId), json: body }))).group,
    /** Owner only: the group and its history end for everyone. */
    dissolveGroup: (groupId: GroupId) => done(t.json(group.$delete({ param: id(groupId) }))),

    listGroupMembers: async (groupId: GroupId) => (await t.json(group.members.$get({ param: id(groupId) }))).members,
    /** Admins, or any member when the group allows it; the people must be the caller's friends. */
    addGroupMembers: async (groupId: GroupId, uids: number[]) =>
      (await t.json(group.members.$post({ param: id(groupId), json: { uids } }))).group,
    /** Admins remove a member. */
    removeGroupMember: async (groupId: GroupId, uid: number) =>
      (await t.json(group.members[":uid"].$delete({ param: { ...id(groupId), uid: segment(uid) } }))).group,
    /** Owner: promote to admin or demote to member. */
    setGroupRole: async (groupId: GroupId, uid: number, role: "admin" | "member") =>
      (await t.json(group.members[":uid"].$patch({ param: { ...id(groupId), uid: segment(uid) }, json: { role } }))).group,
    leaveGroup: (groupId: GroupId) => done(t.json(group.leave.$post({ param: id(groupId) }))),
    /** Owner: `to` (a member) becomes the owner, the caller an admin. */
    transferGroupOwner: async (groupId: GroupId, to: number) =>
      (await t.json(group.owner.$post({ param: id(groupId), json: { to } }))).group,

    /** A join token for `joinGroup`; `ttlSeconds` defaults to 7 days on the server (60 s..30 days). */
    createGroupInvite: (groupId: GroupId, ttlSeconds?: number) =>
      t.json(group.invites.$post({ param: id(groupId), json: ttlSeconds === undefined ? {} : { ttlSeconds } })),
    revokeGroupInvite: (groupId: GroupId, token: string) =>
      done(t.json(group.invites[":token"].$delete({ param: { ...id(groupId), token: segment(token) } }))),
    /** Joins by an invite token; INVITE_INVALID when it is unknown, expired or revoked. */
    joinGroup: (token: string) => t.json(groups.join.$post({ json: { token } })),

    /** Newest first, only entries after the caller joined; `before` is a group seq (exclusive). */
    groupHistory: (groupId: GroupId, page: { before?: number; limit?: number } = {}) =>
      t.json(group.messages.$get({ param: id(groupId), query: { before: text(page.before), limit: text(page.limit) } })),
    /** "Delivered to / read by N of M" for up to 100 seqs (the caller's own messages; any for admins). */
    groupReceipts: (groupId: GroupId, seqs: number[]) =>
      t.json(group.receipts.$get({ param: id(groupId), query: { seqs: seqs.join(",") } })),
    /** Muted: still delivered, but the unread badge does not grow. */
    muteGroup: (groupId: GroupId, muted: boolean) => done(t.json(group.mute.$put({ param: id(groupId), json: { muted } }))),
  };
}
