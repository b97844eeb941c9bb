// HTTP contract of message history and the conversation list.
import { z } from "zod";
import type { StoredFile } from "./files";
import type { GroupRole, GroupUnread } from "./groups";

export const HISTORY_LIMIT_MAX = 100;

export const historyQuerySchema = z.object({
  /** Only messages with a smaller sequence number (page backwards). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_LIMIT_MAX).default(50),
});

/** One stored message as history shows it; a recalled message has no body. */
export interface HistoryMessage {
  messageId: string;
  conversation: string;
  seq: number;
  from: number;
  to: number;
  clientMsgId: string;
  body: string | null;
  /** The attachment; absent once the message is recalled. */
  file?: StoredFile;
  status: "sent" | "delivered" | "read" | "recalled";
  sentAt: string;
  deliveredAt: string | null;
  readAt: string | null;
  recalledAt: string | null;
}

export interface HistoryReply {
  /** Newest first. */
  messages: HistoryMessage[];
  /** Pass as `before` for the next (older) page; null at the beginning of the conversation. */
  nextBefore: number | null;
}

export interface ConversationSummary {
  peerId: number;
  conversation: string;
  lastMessage: HistoryMessage;
  unread: number;
}

/** A group's newest message as the conversation list shows it; a recalled one has no body. */
export interface GroupLastMessage {
  messageId: string;
  seq: number;
  from: number;
  body: string | null;
  /** The attachment's metadata; absent once recalled. */
  file?: StoredFile;
  sentAt: string;
}

/** A group in the conversation list: the caller's own view of it (counts as in hello). */
export interface GroupConversationSummary extends GroupUnread {
  role: GroupRole;
  /** How far the caller has read (group_read, on any of their devices). */
  readSeq: number;
  /** Null before the group's first message reached the caller. */
  lastMessage: GroupLastMessage | null;
}

export interface ConversationsReply {
  /** 1:1 conversations, most recent first. */
  conversations: ConversationSummary[];
  /** The caller's groups, most recent activity (message or change) first. */
  groups: GroupConversationSummary[];
}
