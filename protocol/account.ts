// HTTP contract of the caller's own account data: export it all, delete the account, and look
// people up by id (a deleted account answers as a deleted user, so clients can label its messages).
import { z } from "zod";
import { profileSchema } from "./auth";
import { friendSchema } from "./events";
import { fileSchema } from "./files";
import { CLOSE } from "./frames";
import { groupIdSchema, groupRoleSchema } from "./groups";

/** What clients show for a deleted account's messages. */
export const DELETED_USER_NAME = "Deleted user";

/** `POST /v1/me/delete`: the password again, so a stolen token alone cannot delete an account. */
export const deleteAccountBodySchema = z.object({ password: z.string().min(1).max(1024) });
export type DeleteAccountBody = z.infer<typeof deleteAccountBodySchema>;

/** 200 from `POST /v1/me/delete`: what was removed (counts), after which every token is refused. */
export const deleteAccountReplySchema = z.object({
  deleted: z.literal(true),
  removed: z.object({
    friendships: z.number().int(),
    friendRequests: z.number().int(),
    blocks: z.number().int(),
    groupsLeft: z.number().int(),
    files: z.number().int(),
    sessions: z.number().int(),
  }),
});
export type DeleteAccountReply = z.infer<typeof deleteAccountReplySchema>;

/** Close code a deleted account's sockets get (4000-4999 is the application range). */
export const ACCOUNT_DELETED_CLOSE_CODE = CLOSE.ACCOUNT_DELETED;

const exportMessageSchema = z.object({
  messageId: z.string(),
  seq: z.number().int(),
  from: z.number().int(),
  body: z.string().nullable(),
  file: fileSchema.optional(),
  sentAt: z.string(),
  editedAt: z.string().optional(),
  recalledAt: z.string().nullable(),
});

/**
 * `GET /v1/me/export`: everything QChat keeps about the caller, as one JSON download
 * (Content-Disposition: attachment). Messages are every 1:1 message they sent or received and
 * every group message they sent; files are their uploads, each with a `download` path.
 */
export const accountExportSchema = z.object({
  format: z.literal("qchat-export/1"),
  exportedAt: z.string(),
  profile: profileSchema,
  friends: z.array(friendSchema.omit({ presence: true }).extend({ since: z.string() })),
  friendRequests: z.array(
    z.object({ from: z.number().int(), to: z.number().int(), message: z.string(), status: z.string(), createdAt: z.string() }),
  ),
  blocked: z.array(z.object({ uid: z.number().int(), blockedAt: z.string() })),
  groups: z.array(z.object({ groupId: groupIdSchema, name: z.string(), role: groupRoleSchema, joinedAt: z.string() })),
  conversations: z.array(z.object({ peerId: z.number().int(), messages: z.array(exportMessageSchema) })),
  groupMessages: z.array(z.object({ groupId: groupIdSchema, messages: z.array(exportMessageSchema) })),
  files: z.array(fileSchema.extend({ uploadedAt: z.string(), download: z.string() })),
});
export type AccountExport = z.infer<typeof accountExportSchema>;

/** `GET /v1/users?ids=1,2,3`: public profiles by id, at most 100 at once. */
export const USER_LOOKUP_MAX = 100;
export const userLookupQuerySchema = z.object({
  ids: z
    .string()
    .regex(/^\d{9}(,\d{9})*$/, "comma-separated 9-digit user ids")
    .transform((s) => [...new Set(s.split(",").map(Number))])
    .pipe(z.array(z.number().int().min(100_000_000).max(999_999_999)).min(1).max(USER_LOOKUP_MAX)),
});

export const userLookupReplySchema = z.object({
  users: z.array(
    z.object({ id: z.number().int(), username: z.string(), nickname: z.string(), avatarUrl: z.string().nullable(), bio: z.string() }),
  ),
  /** Ids of deleted accounts (show DELETED_USER_NAME); ids that never existed are in neither list. */
  deleted: z.array(z.number().int()),
});
export type UserLookupReply = z.infer<typeof userLookupReplySchema>;
