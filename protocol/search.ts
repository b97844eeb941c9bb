// HTTP contract of message search: GET /v1/search/messages over the conversations the caller is in.
import { z } from "zod";
import { fileSchema } from "./files";
import { groupIdSchema } from "./groups";

export const MESSAGE_SEARCH_LIMIT_DEFAULT = 20;
export const MESSAGE_SEARCH_LIMIT_MAX = 50;
export const MESSAGE_SEARCH_QUERY_MAX = 200;

/** `GET /v1/search/messages?q=<words>[&limit=][&cursor=]`. */
export const messageSearchQuerySchema = z.object({
  /** Words to find (all of them must match); at least one word needs 3 or more characters. */
  q: z.string().trim().min(1).max(MESSAGE_SEARCH_QUERY_MAX),
  limit: z.coerce.number().int().min(1).max(MESSAGE_SEARCH_LIMIT_MAX).default(MESSAGE_SEARCH_LIMIT_DEFAULT),
  /** `nextCursor` of the previous page; opaque. */
  cursor: z.string().min(1).max(200).optional(),
});
export type MessageSearchQuery = z.infer<typeof messageSearchQuerySchema>;

/**
 * One matching message, with where it lives so a client can open the conversation at it:
 * a 1:1 message names the other person (`peerId`), a group message its `groupId`. `seq` is the
 * message's place in that conversation (history's `before=seq + 1` pages back from it).
 */
export const messageSearchHitSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("direct"),
    messageId: z.string(),
    peerId: z.number().int(),
    seq: z.number().int(),
    from: z.number().int(),
    body: z.string(),
    file: fileSchema.optional(),
    sentAt: z.string(),
    editedAt: z.string().optional(),
  }),
  z.object({
    kind: z.literal("group"),
    messageId: z.string(),
    groupId: groupIdSchema,
    seq: z.number().int(),
    from: z.number().int(),
    body: z.string(),
    file: fileSchema.optional(),
    sentAt: z.string(),
    editedAt: z.string().optional(),
  }),
]);
export type MessageSearchHit = z.infer<typeof messageSearchHitSchema>;

export const messageSearchReplySchema = z.object({
  /** Newest first. */
  hits: z.array(messageSearchHitSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type MessageSearchReply = z.infer<typeof messageSearchReplySchema>;
