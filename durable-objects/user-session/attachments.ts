// Attachments on the message path, shared by the user and group objects: the sender's own upload
// looked up in MySQL (one SELECT by id), a file's metadata as a log row keeps it, and the content
// hash that tells a retry from a reuse of its clientMsgId.
import type { StoredFile } from "../../protocol/files";
import { findLiveFile, toStoredFile } from "../../workers/files/rows";
import { getDb } from "../../workers/lib/db";

/**
 * The file `fileId` if `uploader` uploaded it and its bytes are still there; undefined otherwise
 * (unknown, someone else's, or deleted by the clean-up: the sender cannot tell these apart).
 * Forwarding a file someone else uploaded is not supported. MySQL failures throw (DependencyError).
 */
export async function findOwnFile(env: Pick<Env, "DATABASE_URL">, uploader: number, fileId: string): Promise<StoredFile | undefined> {
  const row = await findLiveFile(getDb(env), fileId);
  if (!row || row.uploaderId !== uploader) return undefined;
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
