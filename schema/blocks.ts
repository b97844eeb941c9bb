// Blocks: one row per (blocker, blocked). MySQL is the truth; the friend request path reads it
// (a block also ends the friendship, so the 1:1 send path and presence need no lookup of their own).
import { datetime, index, int, mysqlTable, primaryKey } from "drizzle-orm/mysql-core";

export const blocks = mysqlTable(
  "blocks",
  {
    blockerId: int("blocker_id", { unsigned: true }).notNull(),
    blockedId: int("blocked_id", { unsigned: true }).notNull(),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
  },
  // The reverse index answers "does anyone I write to block me" without a scan.
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("blocks_blocked").on(t.blockedId, t.blockerId)],
);
