// Message history: the queryable copy, written behind the per-user Durable Objects.
// The FULLTEXT index on `body` (search) is in migrations/0008_message_search.sql: Drizzle cannot declare one.
import { bigint, datetime, index, int, mysqlEnum, mysqlTable, text, unique, varchar } from "drizzle-orm/mysql-core";

export const messages = mysqlTable(
  "messages",
  {
    /** Server message id, assigned by the Durable Object before the durable write. */
    id: varchar("id", { length: 40 }).primaryKey(),
    /** `<smaller uid>:<larger uid>` for 1:1 conversations. */
    conversationKey: varchar("conversation_key", { length: 40 }).notNull(),
    /** Per-conversation sequence, gap-free, starting at 1. */
    seq: bigint("seq", { mode: "number", unsigned: true }).notNull(),
    senderId: int("sender_id", { unsigned: true }).notNull(),
    recipientId: int("recipient_id", { unsigned: true }).notNull(),
    /** The sender's idempotency key within the conversation, echoed in acks. */
    clientMsgId: varchar("client_msg_id", { length: 64 }).notNull(),
    kind: mysqlEnum("kind", ["text"]).notNull().default("text"),
    /** Null once recalled. */
    body: text("body"),
    status: mysqlEnum("status", ["sent", "delivered", "read", "recalled"]).notNull().default("sent"),
    sentAt: datetime("sent_at", { mode: "date", fsp: 3 }).notNull(),
    deliveredAt: datetime("delivered_at", { mode: "date", fsp: 3 }),
    readAt: datetime("read_at", { mode: "date", fsp: 3 }),
    recalledAt: datetime("recalled_at", { mode: "date", fsp: 3 }),
    /** When the sender last edited the body (the previous text is not kept). */
    editedAt: datetime("edited_at", { mode: "date", fsp: 3 }),
    /** The attached file (files.id), if any; kept after a recall so the clean-up can find it. */
    fileId: varchar("file_id", { length: 25 }),
  },
  (t) => [
    unique("messages_conversation_seq").on(t.conversationKey, t.seq),
    // The idempotency key is per conversation: a short clientMsgId may repeat across conversations.
    unique("messages_conversation_sender_client_id").on(t.conversationKey, t.senderId, t.clientMsgId),
    index("messages_recipient").on(t.recipientId, t.sentAt),
    index("messages_file").on(t.fileId),
  ],
);
