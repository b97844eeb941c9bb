// Deleting an account, file part: every upload's bytes in R2, then its row. Bytes first: a failure
// in between leaves rows whose bytes are gone (served as 404), found and finished by a retry.
import { eq, inArray } from "drizzle-orm";
import { files } from "../../schema";
import type { Deps } from "../context";

/** R2 deletes up to 1,000 keys per call. */
const BATCH = 500;

export async function deleteUploads(deps: Deps, uid: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await deps.db.select({ id: files.id }).from(files).where(eq(files.uploaderId, uid)).limit(BATCH);
    if (rows.length === 0) return deleted;
    const ids = rows.map((r) => r.id);
    await deps.env.FILES.delete(ids);
    await deps.db.delete(files).where(inArray(files.id, ids));
    deleted += ids.length;
  }
}
