// The /v1/groups routes of the typed HTTP client: one method per route, replies as documented in
// protocol/groups.ts ({group, role} kept whole; {group}, {groups} and {members} unwrapped; {ok}
// replies as void). Errors are
// QChatError with the server's code (GROUP_NOT_FOUND, GROUP_FORBIDDEN, GROUP_FULL, INVITE_INVALID...).
import type { z } from "zod";
import type {
  createGroupSchema,
  Group,
  GroupHistoryReply,
  GroupId,
  GroupListReply,
  GroupMembersReply,
  GroupReceiptsReply,
  GroupReply,
  InviteReply,
  updateGroupSchema,
} from "../protocol/groups";
import type { HttpTransport } from "./http-request";

/** `createGroup`'s body: only `name` is required. */
export type CreateGroupInput = z.input<typeof createGroupSchema>;
/** `updateGroup`'s body: at least one field. */
export type UpdateGroupInput = z.input<typeof updateGroupSchema>;

export function groupRoutes(t: HttpTransport) {
  const g = (groupId: GroupId) => `v1/groups/${encodeURIComponent(groupId)}`;
  const done = async (reply: Promise<unknown>): Promise<void> => void (await reply);
  /** Changes answer with the group as it is after them. */
  const changed = async (reply: Promise<{ group: Group }>): Promise<Group> => (await reply).group;

  return {
    /** The caller becomes the owner; `members` must be the caller's friends. */
    createGroup: (body: CreateGroupInput) => t.request<GroupReply>("POST", "v1/groups", { body }),
    /** Every group the caller is in, with role, mute, unread and mention counts. */
    listGroups: async () => (await t.request<GroupListReply>("GET", "v1/groups")).groups,
    getGroup: (groupId: GroupId) => t.request<GroupReply>("GET", g(groupId)),
    /** Rename, topic, avatar (admins); membersCanInvite (owner). */
    updateGroup: (groupId: GroupId, body: UpdateGroupInput) => changed(t.request("PATCH", g(groupId), { body })),
    /** Owner only: the group and its history end for everyone. */
    dissolveGroup: (groupId: GroupId) => done(t.request("DELETE", g(groupId))),

    listGroupMembers: async (groupId: GroupId) => (await t.request<GroupMembersReply>("GET", `${g(groupId)}/members`)).members,
    /** Admins, or any member when the group allows it; the people must be the caller's friends. */
    addGroupMembers: (groupId: GroupId, uids: number[]) => changed(t.request("POST", `${g(groupId)}/members`, { body: { uids } })),
    /** Admins remove a member. */
    removeGroupMember: (groupId: GroupId, uid: number) => changed(t.request("DELETE", `${g(groupId)}/members/${encodeURIComponent(uid)}`)),
    /** Owner: promote to admin or demote to member. */
    setGroupRole: (groupId: GroupId, uid: number, role: "admin" | "member") =>
      changed(t.request("PATCH", `${g(groupId)}/members/${encodeURIComponent(uid)}`, { body: { role } })),
    leaveGroup: (groupId: GroupId) => done(t.request("POST", `${g(groupId)}/leave`)),
    /** Owner: `to` (a member) becomes the owner, the caller an admin. */
    transferGroupOwner: (groupId: GroupId, to: number) => changed(t.request("POST", `${g(groupId)}/owner`, { body: { to } })),

    /** A join token for `joinGroup`; `ttlSeconds` defaults to 7 days on the server (60 s..30 days). */
    createGroupInvite: (groupId: GroupId, ttlSeconds?: number) =>
      t.request<InviteReply>("POST", `${g(groupId)}/invites`, { body: ttlSeconds === undefined ? {} : { ttlSeconds } }),
    revokeGroupInvite: (groupId: GroupId, token: string) => done(t.request("DELETE", `${g(groupId)}/invites/${encodeURIComponent(token)}`)),
    /** Joins by an invite token; INVITE_INVALID when it is unknown, expired or revoked. */
    joinGroup: (token: string) => t.request<GroupReply>("POST", "v1/groups/join", { body: { token } }),

    /** Newest first, only entries after the caller joined; `before` is a group seq (exclusive). */
    groupHistory: (groupId: GroupId, page: { before?: number; limit?: number } = {}) =>
      t.request<GroupHistoryReply>("GET", `${g(groupId)}/messages`, { query: page }),
    /** "Delivered to / read by N of M" for up to 100 seqs (the caller's own messages; any for admins). */
    groupReceipts: (groupId: GroupId, seqs: number[]) =>
      t.request<GroupReceiptsReply>("GET", `${g(groupId)}/receipts`, { query: { seqs: seqs.join(",") } }),
    /** Muted: still delivered, but the unread badge does not grow. */
    muteGroup: (groupId: GroupId, muted: boolean) => done(t.request("PUT", `${g(groupId)}/mute`, { body: { muted } })),
  };
}
