// The files table: one row per upload (schema/files.ts), and its wire shape (StoredFile).
import { and, eq, isNull } from "drizzle-orm";
import type { FileType, StoredFile } from "../../protocol/files";
import { files, type FileRow } from "../../schema";
import type { Db } from "../lib/db";

export function toStoredFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mime: row.mime as FileType,
    sha256: row.sha256,
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    ...(row.thumbnailId !== null ? { thumbnailId: row.thumbnailId } : {}),
  };
}

export async function insertFile(db: Db, row: Omit<FileRow, "thumbnailId" | "deletedAt">): Promise<FileRow> {
  const full: FileRow = { ...row, thumbnailId: null, deletedAt: null };
  await db.insert(files).values(full);
  return full;
}

/** A file that still has its bytes (not deleted by the clean-up). */
export async function findLiveFile(db: Db, id: string): Promise<FileRow | undefined> {
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.id, id), isNull(files.deletedAt)))
    .limit(1);
  return row;
}

/** Points the uploader's own original at its new thumbnail; false when that original is gone. */
export async function setThumbnail(db: Db, originalId: string, uploaderId: number, thumbnailId: string): Promise<boolean> {
  const result = await db
    .update(files)
    .set({ thumbnailId })
    .where(and(eq(files.id, originalId), eq(files.uploaderId, uploaderId), isNull(files.deletedAt)));
  return result.rowsAffected > 0;
}
