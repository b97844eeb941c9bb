// Uploaded files: metadata and ownership. The bytes live in R2 (binding FILES) under the file id;
// messages.file_id and group_messages.file_id reference a row here.
import { bigint, char, datetime, index, int, mysqlTable, varchar } from "drizzle-orm/mysql-core";

export const files = mysqlTable(
  "files",
  {
    /** `f` + 24 base-32 characters (protocol/files.ts); also the R2 object key. */
    id: varchar("id", { length: 25 }).primaryKey(),
    uploaderId: int("uploader_id", { unsigned: true }).notNull(),
    /** The name the uploader gave (shown, and sent in Content-Disposition); never a path. */
    name: varchar("name", { length: 200 }).notNull(),
    size: bigint("size", { mode: "number", unsigned: true }).notNull(),
    /** The type sniffed from the first bytes (one of ALLOWED_FILE_TYPES). */
    mime: varchar("mime", { length: 64 }).notNull(),
    /** Hex SHA-256 of the bytes, computed while streaming. */
    sha256: char("sha256", { length: 64 }).notNull(),
    width: int("width", { unsigned: true }),
    height: int("height", { unsigned: true }),
    /** A downscaled copy (another row here, uploaded with `thumbnailOf`). */
    thumbnailId: varchar("thumbnail_id", { length: 25 }),
    createdAt: datetime("created_at", { mode: "date", fsp: 3 }).notNull(),
    /** Set when the clean-up deleted the bytes; the row stays so the id is never reused. */
    deletedAt: datetime("deleted_at", { mode: "date", fsp: 3 }),
  },
  (t) => [
    // The clean-up scans live files by age.
    index("files_deleted_created").on(t.deletedAt, t.createdAt),
    index("files_thumbnail").on(t.thumbnailId),
  ],
);

export type FileRow = typeof files.$inferSelect;
