// Group chat: the queryable copy of each group, written behind its GroupRoom Durable Object
// (durable-objects/group-room/write-behind.ts). The object is the truth; these rows catch up.
// The FULLTEXT index on group_messages.body (search) is in migrations/0008_message_search.sql.
import { bigint, boolean, datetime, index, int, mysqlEnum, mysqlTable, primaryKey, text, unique, varchar } from "drizzle-orm/mysql-core";

export const groups = mysqlTable("groups", {
  /** `g` + 20 base-32 characters (protocol/groups.ts). */
  id: varchar("id", { length: 24 }).primaryKey(),
  name: varchar("name", { length: 64 }).notNull(),
  topic: varchar("topic", { length: 256 }).notNull().default(""),
  avatarUrl: varchar("avatar_url", { length: 512 }),
  ownerId: int("owner_id", { unsigned: true }).notNull(),
  membersCanInvite: boolean("members_can_invite").notNull().default(false),
  memberCount: int("member_count", { unsigned: true }).notNull(),
  /** The group's newest seq (messages and changes share the sequence). */
  lastSeq: bigint("last_seq", { mode: "number", unsigned: true }).notNull(),
  createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
  updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull(),
  dissolvedAt: datetime("dissolved_at", { mode: "date", fsp: 3 }),
});

export const groupMembers = mysqlTable(
  "group_members",
  {
    groupId: varchar("group_id", { length: 24 }).notNull(),
    userId: int("user_id", { unsigned: true }).notNull(),
    role: mysqlEnum("role", ["owner", "admin", "member"]).notNull(),
    joinedAt: datetime("joined_at", { mode: "date", fsp: 3 }).notNull(),
    /** The member sees history after this seq. */
    joinedAfterSeq: bigint("joined_after_seq", { mode: "number", unsigned: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("group_members_user").on(t.userId)],
);

export const groupMessages = mysqlTable(
  "group_messages",
  {
    groupId: varchar("group_id", { length: 24 }).notNull(),
    /** Per-group sequence, gap-free from 1, shared by messages and system changes. */
    seq: bigint("seq", { mode: "number", unsigned: true }).notNull(),
    kind: mysqlEnum("kind", ["message", "change"]).notNull(),
    /** Server message id; null for a change. */
    messageId: varchar("message_id", { length: 40 }),
    senderId: int("sender_id", { unsigned: true }).notNull(),
    /** The sender's idempotency key within the group; null for a change. */
    clientMsgId: varchar("client_msg_id", { length: 64 }),
    /** Null for a change, and once recalled. */
    body: text("body"),
    /** JSON array of mentioned uids. */
    mentions: text("mentions").notNull(),
    mentionsAll: boolean("mentions_all").notNull().default(false),
    /** JSON GroupChange for a change entry. */
    change: text("change"),
    sentAt: datetime("sent_at", { mode: "date", fsp: 3 }).notNull(),
    recalledAt: datetime("recalled_at", { mode: "date", fsp: 3 }),
    /** When the sender last edited the body (the previous text is not kept). */
    editedAt: datetime("edited_at", { mode: "date", fsp: 3 }),
    /** The attached file (files.id), if any; kept after a recall so the clean-up can find it. */
    fileId: varchar("file_id", { length: 25 }),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.seq] }),
    unique("group_messages_message_id").on(t.messageId),
    // Replays of a batch insert nothing twice; NULL client ids (changes) never clash.
    unique("group_messages_sender_client_id").on(t.groupId, t.senderId, t.clientMsgId),
    index("group_messages_file").on(t.fileId),
  ],
);
