// HTTP contract of message history and the conversation list.
import { z } from "zod";

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

export interface ConversationsReply {
  /** Most recent first. */
  conversations: ConversationSummary[];
}
