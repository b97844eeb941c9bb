// Attachments on the message path, shared by the user and group objects and the history readers:
// the sender's own upload looked up in MySQL (one SELECT by id), a file's metadata as a message
// carries it, and the content hash that tells a retry from a reuse of its clientMsgId.
import { eq } from "drizzle-orm";
import type { StoredFile } from "../../protocol/files";
import { files, type FileRow } from "../../schema";
import { getDb } from "../../workers/lib/db";

/** A `files` row as messages and history carry it (absent fields instead of nulls). */
export function toStoredFile(r: FileRow): StoredFile {
  return {
    id: r.id,
    name: r.name,
    size: r.size,
    // The upload route stores only sniffed types from ALLOWED_FILE_TYPES.
    mime: r.mime as StoredFile["mime"],
    sha256: r.sha256,
    ...(r.width !== null ? { width: r.width } : {}),
    ...(r.height !== null ? { height: r.height } : {}),
    ...(r.thumbnailId !== null ? { thumbnailId: r.thumbnailId } : {}),
  };
}

/**
 * The file `fileId` if `uploader` uploaded it and its bytes are still there; undefined otherwise
 * (unknown, someone else's, or deleted by the clean-up: the sender cannot tell these apart).
 * Forwarding a file someone else uploaded is not supported. MySQL failures throw (DependencyError).
 */
export async function findOwnFile(env: Pick<Env, "DATABASE_URL">, uploader: number, fileId: string): Promise<StoredFile | undefined> {
  const [row] = await getDb(env).select().from(files).where(eq(files.id, fileId)).limit(1);
  if (!row || row.deletedAt !== null || row.uploaderId !== uploader) return undefined;
  return toStoredFile(row);
}

/** The SQLite `file` column of a log row: the metadata as JSON, or NULL. */
export const fileColumn = (file: StoredFile | undefined): string | null => (file ? JSON.stringify(file) : null);

/** The metadata of a log row's `file` column; none once the message is recalled. */
export function readFileColumn(file: string | null | undefined, recalledAt: number | null): StoredFile | undefined {
  return file && recalledAt === null ? (JSON.parse(file) as StoredFile) : undefined;
}

/**
 * SHA-256 (base64) of a message's content: the body, and the file id when one is attached. A
 * message without a file hashes as its body alone, as before attachments, so stored hashes stay
 * valid; a retry with the same body but another file hashes differently (CLIENT_MSG_ID_REUSED).
 */
export async function hashContent(body: string, fileId?: string): Promise<string> {
  const content = fileId === undefined ? body : `${body}\u0000file:${fileId}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(content));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}
