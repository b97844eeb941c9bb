// Friend requests and friendships. A friendship is stored in both directions so each side
// keeps its own alias and "my friends" is a single indexed range scan.
import { bigint, datetime, index, int, mysqlEnum, mysqlTable, primaryKey, unique, varchar } from "drizzle-orm/mysql-core";

export const friendRequests = mysqlTable(
  "friend_requests",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    fromUserId: int("from_user_id", { unsigned: true }).notNull(),
    toUserId: int("to_user_id", { unsigned: true }).notNull(),
    /** Optional note from the requester, at most 200 chars. */
    message: varchar("message", { length: 200 }).notNull().default(""),
    status: mysqlEnum("status", ["pending", "accepted", "rejected", "cancelled"]).notNull().default("pending"),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    updatedAt: datetime("updated_at", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [unique("friend_requests_pair").on(t.fromUserId, t.toUserId), index("friend_requests_to").on(t.toUserId, t.status)],
);

export const friendships = mysqlTable(
  "friendships",
  {
    userId: int("user_id", { unsigned: true }).notNull(),
    friendId: int("friend_id", { unsigned: true }).notNull(),
    /** What `userId` calls `friendId` (remark); empty means "use their nickname". */
    alias: varchar("alias", { length: 64 }).notNull().default(""),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.friendId] })],
);
