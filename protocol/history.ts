// HTTP contract of message history and the conversation list.
import { z } from "zod";
import { fileSchema } from "./files";
import { groupRoleSchema, groupUnreadSchema } from "./groups";

export const HISTORY_LIMIT_MAX = 100;

/** `GET /v1/conversations/:peerId/messages`: the other user's id. */
export const peerIdParamSchema = z.object({ peerId: z.coerce.number().int().min(100_000_000).max(999_999_999) });

export const historyQuerySchema = z.object({
  /** Only messages with a smaller sequence number (page backwards). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_LIMIT_MAX).default(50),
});

/** One stored message as history shows it; a recalled message has no body. */
export const historyMessageSchema = z.object({
  messageId: z.string(),
  conversation: z.string(),
  seq: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
  clientMsgId: z.string(),
  body: z.string().nullable(),
  /** The attachment; absent once the message is recalled. */
  file: fileSchema.optional(),
  status: z.enum(["sent", "delivered", "read", "recalled"]),
  sentAt: z.string(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  recalledAt: z.string().nullable(),
  /** When the sender last edited the body (absent if never; the previous text is not kept). */
  editedAt: z.string().optional(),
});
export type HistoryMessage = z.infer<typeof historyMessageSchema>;

export const historyReplySchema = z.object({
  /** Newest first. */
  messages: z.array(historyMessageSchema),
  /** Pass as `before` for the next (older) page; null at the beginning of the conversation. */
  nextBefore: z.number().int().nullable(),
});
export type HistoryReply = z.infer<typeof historyReplySchema>;

export const conversationSummarySchema = z.object({
  peerId: z.number().int(),
  conversation: z.string(),
  lastMessage: historyMessageSchema,
  unread: z.number().int(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** A group's newest message as the conversation list shows it; a recalled one has no body. */
export const groupLastMessageSchema = z.object({
  messageId: z.string(),
  seq: z.number().int(),
  from: z.number().int(),
  body: z.string().nullable(),
  /** The attachment's metadata; absent once recalled. */
  file: fileSchema.optional(),
  sentAt: z.string(),
  /** When the sender last edited the body (absent if never). */
  editedAt: z.string().optional(),
});
export type GroupLastMessage = z.infer<typeof groupLastMessageSchema>;

/** A group in the conversation list: the caller's own view of it (counts as in hello). */
export const groupConversationSummarySchema = groupUnreadSchema.extend({
  role: groupRoleSchema,
  /** How far the caller has read (group_read, on any of their devices). */
  readSeq: z.number().int(),
  /** Null before the group's first message reached the caller. */
  lastMessage: groupLastMessageSchema.nullable(),
});
export type GroupConversationSummary = z.infer<typeof groupConversationSummarySchema>;

export const conversationsReplySchema = z.object({
  /** 1:1 conversations, most recent first. */
  conversations: z.array(conversationSummarySchema),
  /** The caller's groups, most recent activity (message or change) first. */
  groups: z.array(groupConversationSummarySchema),
});
export type ConversationsReply = z.infer<typeof conversationsReplySchema>;
