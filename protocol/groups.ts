// Group chat contract: the group objects members see, the events a member's stream carries, and
// the HTTP bodies of /v1/groups*. The WebSocket frames (group_send, group_read, group_recall,
// group_sent) are in ./frames with the others.
import { z } from "zod";
import { fileSchema } from "./files";

const uid = z.number().int().min(100_000_000).max(999_999_999);

/** `g` + 20 lowercase base-32 characters: random, so a group's id reveals nothing. */
export const groupIdSchema = z.string().regex(/^g[0-9a-v]{20}$/, "a group id");
export type GroupId = z.infer<typeof groupIdSchema>;

export const GROUP_NAME_MAX = 64;
export const GROUP_TOPIC_MAX = 256;
/** Default member cap; GROUP_MAX_MEMBERS in the environment changes it. */
export const GROUP_MAX_MEMBERS_DEFAULT = 500;
/** An invite link lives this long unless the inviter asks for less (at most 30 days). */
export const INVITE_TTL_DEFAULT_SECONDS = 7 * 24 * 3600;
export const INVITE_TTL_MAX_SECONDS = 30 * 24 * 3600;

export const groupRoleSchema = z.enum(["owner", "admin", "member"]);
export type GroupRole = z.infer<typeof groupRoleSchema>;

/** A group as its members see it. */
export const groupSchema = z.object({
  groupId: groupIdSchema,
  name: z.string(),
  topic: z.string(),
  avatarUrl: z.string().nullable(),
  ownerId: uid,
  memberCount: z.number().int(),
  /** Members (not only admins) may add people. */
  membersCanInvite: z.boolean(),
  /** The group's newest seq (messages and system events share one gap-free sequence). */
  lastSeq: z.number().int(),
  createdAt: z.string(),
});
export type Group = z.infer<typeof groupSchema>;

export const groupMemberSchema = z.object({
  uid,
  role: groupRoleSchema,
  joinedAt: z.string(),
  /** The member sees history after this seq (the group's last seq when they joined). */
  joinedAfterSeq: z.number().int(),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;

/** A text message in a group. `mentions` are member uids named as `@<uid>` in the body. */
export const groupMessageSchema = z.object({
  messageId: z.string(),
  groupId: groupIdSchema,
  seq: z.number().int().positive(),
  from: uid,
  clientMsgId: z.string(),
  body: z.string(),
  mentions: z.array(uid),
  /** `@all` in the body, by an admin or the owner (a member's `@all` is plain text). */
  mentionsAll: z.boolean(),
  /** The attached file's metadata (protocol/files.ts). */
  file: fileSchema.optional(),
  sentAt: z.string(),
});
export type GroupMessage = z.infer<typeof groupMessageSchema>;

/** What happened to the group, as a system entry in its log (same seq sequence as messages). */
export const groupChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("created"), name: z.string() }),
  z.object({ kind: z.literal("renamed"), name: z.string() }),
  z.object({ kind: z.literal("topic"), topic: z.string() }),
  z.object({ kind: z.literal("avatar"), avatarUrl: z.string().nullable() }),
  z.object({ kind: z.literal("settings"), membersCanInvite: z.boolean() }),
  z.object({ kind: z.literal("members_added"), uids: z.array(uid) }),
  z.object({ kind: z.literal("joined_by_link"), uid }),
  z.object({ kind: z.literal("left"), uid }),
  z.object({ kind: z.literal("removed"), uid }),
  z.object({ kind: z.literal("role"), uid, role: z.enum(["admin", "member"]) }),
  z.object({ kind: z.literal("owner"), uid, previous: uid }),
  z.object({ kind: z.literal("dissolved") }),
]);
export type GroupChange = z.infer<typeof groupChangeSchema>;

/** Group events in a member's stream (see eventBodySchema in ./events). */
export const groupEventBodies = [
  /** A message in a group this user is in (their own, too: the echo to their other devices). */
  z.object({ type: z.literal("group_message"), message: groupMessageSchema }),
  /**
   * A change to the group, with the group as it is after it. A member who left, was removed, or
   * whose group was dissolved gets this last event and nothing from the group after it.
   */
  z.object({
    type: z.literal("group_change"),
    groupId: groupIdSchema,
    seq: z.number().int().positive(),
    by: uid,
    change: groupChangeSchema,
    group: groupSchema,
    at: z.string(),
  }),
  /** The sender edited a group message: show `body` from now on, marked edited. */
  z.object({
    type: z.literal("group_edit"),
    groupId: groupIdSchema,
    messageId: z.string(),
    seq: z.number().int(),
    body: z.string(),
    editedAt: z.string(),
  }),
  z.object({
    type: z.literal("group_recall"),
    groupId: groupIdSchema,
    messageId: z.string(),
    seq: z.number().int(),
    by: uid,
    at: z.string(),
  }),
  /**
   * To a sender: how many members have their messages, coalesced (at most one per group per
   * second). Counts exclude the sender; `members` is the member count minus one.
   */
  z.object({
    type: z.literal("group_receipts"),
    groupId: groupIdSchema,
    members: z.number().int(),
    counts: z.array(z.object({ seq: z.number().int(), deliveredTo: z.number().int(), readBy: z.number().int() })),
    at: z.string(),
  }),
  /**
   * To the reader's own devices: this user read the group up to `upToSeq` on one of their devices
   * (its unread and mention counts are cleared up to there on all of them).
   */
  z.object({ type: z.literal("group_read"), groupId: groupIdSchema, upToSeq: z.number().int(), at: z.string() }),
  /** To the user's own devices: they muted or unmuted the group (PUT /v1/groups/:id/mute) on one of them. */
  z.object({ type: z.literal("group_muted"), groupId: groupIdSchema, muted: z.boolean() }),
] as const;

/** A group in hello and the conversation list: the caller's own view of it. */
export const groupUnreadSchema = z.object({
  groupId: groupIdSchema,
  name: z.string(),
  unread: z.number().int(),
  /** Unread messages that mention this user (`@uid`, or `@all`). */
  mentions: z.number().int(),
  lastSeq: z.number().int(),
  muted: z.boolean(),
});
export type GroupUnread = z.infer<typeof groupUnreadSchema>;

// ---- HTTP ------------------------------------------------------------------------------------

const name = z.string().trim().min(1).max(GROUP_NAME_MAX);
const avatarUrl = z.string().url().max(512).startsWith("https://").nullable();

/** `POST /v1/groups`: the creator becomes the owner; `members` must be the creator's friends. */
export const createGroupSchema = z.object({
  name,
  topic: z.string().trim().max(GROUP_TOPIC_MAX).default(""),
  avatarUrl: avatarUrl.default(null),
  members: z.array(uid).max(GROUP_MAX_MEMBERS_DEFAULT).default([]),
  membersCanInvite: z.boolean().default(false),
});
export type CreateGroupBody = z.infer<typeof createGroupSchema>;

/** `PATCH /v1/groups/:id` (admins; `membersCanInvite` the owner only). At least one field. */
export const updateGroupSchema = z
  .object({ name, topic: z.string().trim().max(GROUP_TOPIC_MAX), avatarUrl, membersCanInvite: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "nothing to change");
export type UpdateGroupBody = z.infer<typeof updateGroupSchema>;

/** `POST /v1/groups/:id/members`: admins, or any member when membersCanInvite; the people must be the inviter's friends. */
export const addMembersSchema = z.object({ uids: z.array(uid).min(1).max(100) });
/** `:uid` of `/v1/groups/:id/members/:uid` (`:id` is checked as a group id, 404 when malformed). */
export const memberUidParamSchema = z.object({ uid: z.coerce.number().int().min(100_000_000).max(999_999_999) });
/** `PATCH /v1/groups/:id/members/:uid` (owner). */
export const setRoleSchema = z.object({ role: z.enum(["admin", "member"]) });
/** `POST /v1/groups/:id/owner` (owner): the new owner must be a member; the old one becomes an admin. */
export const transferOwnerSchema = z.object({ to: uid });
/** `POST /v1/groups/:id/invites` (whoever may add members). */
export const createInviteSchema = z.object({
  ttlSeconds: z.number().int().min(60).max(INVITE_TTL_MAX_SECONDS).default(INVITE_TTL_DEFAULT_SECONDS),
});
/** `POST /v1/groups/join`. */
export const joinGroupSchema = z.object({ token: z.string().min(10).max(200) });
/** `PUT /v1/groups/:id/mute`. */
export const muteGroupSchema = z.object({ muted: z.boolean() });

export const groupReplySchema = z.object({
  group: groupSchema,
  /** The caller's role. */
  role: groupRoleSchema,
});
export type GroupReply = z.infer<typeof groupReplySchema>;
/** Changes answer the group as it is after them. */
export const groupOnlyReplySchema = z.object({ group: groupSchema });

export const groupListReplySchema = z.object({
  groups: z.array(groupSchema.extend({ role: groupRoleSchema, muted: z.boolean(), unread: z.number().int(), mentions: z.number().int() })),
});
export type GroupListReply = z.infer<typeof groupListReplySchema>;

export const groupMembersReplySchema = z.object({ members: z.array(groupMemberSchema) });
export type GroupMembersReply = z.infer<typeof groupMembersReplySchema>;

export const inviteReplySchema = z.object({
  /** Opaque; revocable with DELETE /v1/groups/:id/invites/:token. */
  token: z.string(),
  expiresAt: z.string(),
});
export type InviteReply = z.infer<typeof inviteReplySchema>;

/** `PUT /v1/groups/:id/mute`. */
export const muteReplySchema = z.object({ groupId: groupIdSchema, muted: z.boolean() });

/** One stored group message as history shows it; a recalled message has no body. */
export const groupHistoryEntrySchema = z.object({
  seq: z.number().int(),
  kind: z.enum(["message", "change"]),
  messageId: z.string().nullable(),
  from: z.number().int(),
  body: z.string().nullable(),
  mentions: z.array(z.number().int()),
  mentionsAll: z.boolean(),
  change: groupChangeSchema.nullable(),
  /** The attachment; absent once the message is recalled. */
  file: fileSchema.optional(),
  sentAt: z.string(),
  recalledAt: z.string().nullable(),
  /** When the sender last edited the body (absent if never). */
  editedAt: z.string().optional(),
});
export type GroupHistoryEntry = z.infer<typeof groupHistoryEntrySchema>;

export const groupHistoryReplySchema = z.object({
  /** Newest first; only entries after the caller joined. */
  entries: z.array(groupHistoryEntrySchema),
  nextBefore: z.number().int().nullable(),
});
export type GroupHistoryReply = z.infer<typeof groupHistoryReplySchema>;

/** `GET /v1/groups/:id/receipts?seqs=1,2,3`: up to 100 comma-separated seqs. */
export const groupReceiptsQuerySchema = z.object({
  seqs: z
    .string()
    .regex(/^\d+(,\d+){0,99}$/, "up to 100 comma-separated seqs")
    .transform((s) => s.split(",").map(Number)),
});

/** `GET /v1/groups/:id/receipts?seqs=1,2,3` (the sender's own messages, or any for admins). */
export const groupReceiptsReplySchema = z.object({
  members: z.number().int(),
  counts: z.array(z.object({ seq: z.number().int(), deliveredTo: z.number().int(), readBy: z.number().int() })),
});
export type GroupReceiptsReply = z.infer<typeof groupReceiptsReplySchema>;
