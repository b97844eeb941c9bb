// A group's history: the object decides what the caller may see (members only, entries after
// they joined) and answers itself while MySQL is behind; otherwise MySQL has every entry, with
// attachments from the `files` table in the same query (a left join by file id).
import { and, desc, eq, gt, lt } from "drizzle-orm";
import { toStoredFile } from "../files/rows";
import type { GroupChange, GroupHistoryEntry, GroupHistoryReply } from "../../protocol/groups";
import { files, groupMessages, type FileRow } from "../../schema";
import type { Db } from "../lib/db";
import { groupRoom } from "../lib/group-room";
import { userSession } from "../lib/user-session";
import { shownPage, type PageReader } from "../conversations/full-page";
import { unwrap } from "./verdicts";

type Row = typeof groupMessages.$inferSelect;

/** A MySQL row as history shows it; the file only while the message is not recalled. */
function toEntry(r: Row, file: FileRow | null): GroupHistoryEntry {
  return {
    seq: r.seq,
    kind: r.kind,
    messageId: r.messageId,
    from: r.senderId,
    body: r.recalledAt === null ? r.body : null,
    mentions: JSON.parse(r.mentions) as number[],
    mentionsAll: r.mentionsAll,
    change: r.change === null ? null : (JSON.parse(r.change) as GroupChange),
    ...(file && r.recalledAt === null ? { file: toStoredFile(file) } : {}),
    sentAt: r.sentAt.toISOString(),
    recalledAt: r.recalledAt === null ? null : r.recalledAt.toISOString(),
    ...(r.editedAt !== null && r.recalledAt === null ? { editedAt: r.editedAt.toISOString() } : {}),
  };
}

export async function groupHistory(
  env: Env,
  db: Db,
  groupId: string,
  me: number,
  before: number | undefined,
  limit: number,
): Promise<GroupHistoryReply> {
  // "Delete for me": hidden entries are left out while paging (full-page.ts), so pages stay full.
  const hidden = await userSession(env, me).hiddenIn(groupId);
  return shownPage(groupPages(env, db, groupId, me), hidden, before, limit);
}

/** Unfiltered pages of a group's history as `me` may see it. */
export function groupPages(env: Env, db: Db, groupId: string, me: number): PageReader<GroupHistoryEntry> {
  return (before, limit) => unfilteredHistory(env, db, groupId, me, before, limit);
}

async function unfilteredHistory(
  env: Env,
  db: Db,
  groupId: string,
  me: number,
  before: number | undefined,
  limit: number,
): Promise<GroupHistoryReply> {
  // The object first: with nothing queued there, MySQL has every entry when read after.
  const answer = unwrap(await groupRoom(env, groupId).history(me, before, limit));
  if (answer.mysqlAfterSeq === undefined) return { entries: answer.entries, nextBefore: answer.nextBefore };
  const after = answer.mysqlAfterSeq;
  const rows = await db
    .select({ m: groupMessages, f: files })
    .from(groupMessages)
    .leftJoin(files, eq(files.id, groupMessages.fileId))
    .where(
      and(
        eq(groupMessages.groupId, groupId),
        gt(groupMessages.seq, after),
        before === undefined ? undefined : lt(groupMessages.seq, before),
      ),
    )
    .orderBy(desc(groupMessages.seq))
    .limit(limit);
  const entries = rows.map((r) => toEntry(r.m, r.f));
  const oldest = entries[entries.length - 1];
  return { entries, nextBefore: entries.length === limit && oldest && oldest.seq > after + 1 ? oldest.seq : null };
}
