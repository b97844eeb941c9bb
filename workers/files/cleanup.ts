// The file clean-up (cron, every 10 minutes; also called by tests with their own `now`). It deletes
// the bytes from R2, then marks the row deleted (a failure in between leaves a row whose bytes
// serve 404, retried next run):
//  (a) orphans: uploads older than ORPHAN_FILE_TTL_SECONDS that no message references and that
//      are not the thumbnail of a live original;
//  (b) recalled: files every referencing message of which was recalled RECALL_GRACE_SECONDS ago
//      or more (the grace covers another message with the file not yet written behind);
//  (c) thumbnails whose originals are all deleted.
// Candidates are files created within SCAN_DAYS: older ones were judged by earlier runs (a file is
// attached within a day of its upload or deleted, and a message is recalled within minutes).
import { sql } from "drizzle-orm";
import { ORPHAN_FILE_TTL_SECONDS } from "../../protocol/files";
import type { Db } from "../lib/db";
import { getDb } from "../lib/db";

export const RECALL_GRACE_SECONDS = 600;
const SCAN_DAYS = 8;
/** Files per pass and run; R2 deletes up to 1,000 keys per call. */
const BATCH = 500;

/** MySQL's DATETIME literal, as Drizzle writes dates (UTC). */
const at = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

export interface CleanupReport {
  orphans: number;
  recalled: number;
  thumbnails: number;
}

const referenced = sql`(EXISTS (SELECT 1 FROM messages m WHERE m.file_id = f.id)
  OR EXISTS (SELECT 1 FROM group_messages g WHERE g.file_id = f.id))`;

async function ids(db: Db, query: ReturnType<typeof sql>): Promise<string[]> {
  const result = await db.execute(query);
  return (result.rows as { id: string }[]).map((r) => r.id);
}

function orphans(db: Db, cutoff: string, since: string) {
  return ids(
    db,
    sql`SELECT f.id FROM files f
      WHERE f.deleted_at IS NULL AND f.created_at >= ${since} AND f.created_at < ${cutoff}
        AND NOT ${referenced}
        AND NOT EXISTS (SELECT 1 FROM files o WHERE o.thumbnail_id = f.id AND o.deleted_at IS NULL)
      LIMIT ${BATCH}`,
  );
}

function allRecalled(db: Db, recalledBefore: string, since: string) {
  return ids(
    db,
    sql`SELECT f.id FROM files f
      WHERE f.deleted_at IS NULL AND f.created_at >= ${since}
        AND ${referenced}
        AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.file_id = f.id
          AND (m.status <> 'recalled' OR m.recalled_at IS NULL OR m.recalled_at > ${recalledBefore}))
        AND NOT EXISTS (SELECT 1 FROM group_messages g WHERE g.file_id = f.id
          AND (g.recalled_at IS NULL OR g.recalled_at > ${recalledBefore}))
      LIMIT ${BATCH}`,
  );
}

function orphanedThumbnails(db: Db, since: string) {
  return ids(
    db,
    sql`SELECT f.id FROM files f
      WHERE f.deleted_at IS NULL AND f.created_at >= ${since}
        AND EXISTS (SELECT 1 FROM files o WHERE o.thumbnail_id = f.id)
        AND NOT EXISTS (SELECT 1 FROM files o WHERE o.thumbnail_id = f.id AND o.deleted_at IS NULL)
        AND NOT ${referenced}
      LIMIT ${BATCH}`,
  );
}

async function deleteFiles(db: Db, bucket: R2Bucket, fileIds: string[], now: string): Promise<number> {
  if (fileIds.length === 0) return 0;
  await bucket.delete(fileIds);
  await db.execute(
    sql`UPDATE files SET deleted_at = ${now} WHERE deleted_at IS NULL AND id IN (${sql.join(
      fileIds.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  return fileIds.length;
}

export async function cleanUpFiles(env: Env, nowMs = Date.now()): Promise<CleanupReport> {
  const db = getDb(env);
  const now = at(nowMs);
  const since = at(nowMs - SCAN_DAYS * 86_400_000);
  const recalled = await deleteFiles(db, env.FILES, await allRecalled(db, at(nowMs - RECALL_GRACE_SECONDS * 1000), since), now);
  const orphaned = await deleteFiles(db, env.FILES, await orphans(db, at(nowMs - ORPHAN_FILE_TTL_SECONDS * 1000), since), now);
  // Last, so the thumbnails of what the passes above deleted go in the same run.
  const thumbnails = await deleteFiles(db, env.FILES, await orphanedThumbnails(db, since), now);
  return { orphans: orphaned, recalled, thumbnails };
}
