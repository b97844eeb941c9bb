// The group's MySQL copy, written behind: each change queues its writes in the object's own
// storage (durable with the change), and the alarm flushes them in order, in batches of multi-row
// statements, retrying with backoff while MySQL is down. Every statement is idempotent (upserts,
// inserts that skip what a lost reply already stored), so a replayed batch changes nothing.
import { and, eq, inArray, isNull, sql as sqlExpr } from "drizzle-orm";
import { groupMembers, groupMessages, groups } from "../../schema";
import { safeCause } from "../../workers/errors";
import { getDb, type Db } from "../../workers/lib/db";
import type { GroupRole } from "../../protocol/groups";
import { getKv, setKv } from "./storage";

export interface GroupRowWrite {
  id: string;
  name: string;
  topic: string;
  avatarUrl: string | null;
  ownerId: number;
  membersCanInvite: boolean;
  memberCount: number;
  lastSeq: number;
  createdAt: number;
  updatedAt: number;
  dissolvedAt: number | null;
}

export interface EntryWrite {
  groupId: string;
  seq: number;
  kind: "message" | "change";
  messageId: string | null;
  senderId: number;
  clientMsgId: string | null;
  body: string | null;
  mentions: number[];
  mentionsAll: boolean;
  change: string | null;
  /** The attachment's file id (absent in writes queued before attachments). */
  fileId?: string | null;
  sentAt: number;
}

export type GroupMysqlWrite =
  | { op: "group"; row: GroupRowWrite }
  | { op: "member"; groupId: string; uid: number; role: GroupRole; joinedAt: number; joinedAfterSeq: number }
  | { op: "member_gone"; groupId: string; uid: number }
  | { op: "entry"; entry: EntryWrite }
  | { op: "recall"; messageId: string; at: number }
  | { op: "edit"; messageId: string; body: string; at: number };

const BATCH = 200;
const MAX_BACKOFF_MS = 30_000;

export function queueGroupWrite(sql: SqlStorage, write: GroupMysqlWrite): void {
  sql.exec("INSERT INTO mysql_outbox (op, args) VALUES (?, ?)", write.op, JSON.stringify(write));
}

export function groupMysqlBacklog(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mysql_outbox").one().n;
}

/**
 * One batch as few statements: its entries in one INSERT, the group's last snapshot in one
 * upsert (and the newest entry's seq), each member's last state (one upsert for those in, one DELETE for those gone), then
 * recalls (each refers to an entry inserted before it, in this batch or an earlier one).
 */
async function apply(db: Db, writes: GroupMysqlWrite[]): Promise<void> {
  const entries = writes.flatMap((w) => (w.op === "entry" ? [w.entry] : []));
  if (entries.length > 0) {
    await db
      .insert(groupMessages)
      .values(
        entries.map((e) => ({
          groupId: e.groupId,
          seq: e.seq,
          kind: e.kind,
          messageId: e.messageId,
          senderId: e.senderId,
          clientMsgId: e.clientMsgId,
          body: e.body,
          mentions: JSON.stringify(e.mentions),
          mentionsAll: e.mentionsAll,
          change: e.change,
          fileId: e.fileId ?? null,
          sentAt: new Date(e.sentAt),
        })),
      )
      .onDuplicateKeyUpdate({ set: { seq: sqlExpr`${groupMessages.seq}` } });
  }
  const group = writes.findLast((w) => w.op === "group");
  if (group) {
    const r = group.row;
    const row = {
      id: r.id,
      name: r.name,
      topic: r.topic,
      avatarUrl: r.avatarUrl,
      ownerId: r.ownerId,
      membersCanInvite: r.membersCanInvite,
      memberCount: r.memberCount,
      lastSeq: r.lastSeq,
      createdAt: new Date(r.createdAt),
      updatedAt: new Date(r.updatedAt),
      dissolvedAt: r.dissolvedAt === null ? null : new Date(r.dissolvedAt),
    };
    const { id: _id, createdAt: _createdAt, ...changed } = row;
    await db.insert(groups).values(row).onDuplicateKeyUpdate({ set: changed });
  }
  // Messages move the group's last seq too, without a snapshot of their own.
  const newest = Math.max(0, ...entries.map((e) => e.seq));
  if (newest > (group?.row.lastSeq ?? 0)) {
    await db
      .update(groups)
      .set({ lastSeq: sqlExpr`GREATEST(${groups.lastSeq}, ${newest})` })
      .where(eq(groups.id, entries[0]!.groupId));
  }
  const lastByMember = new Map<string, Extract<GroupMysqlWrite, { op: "member" | "member_gone" }>>();
  for (const w of writes) if (w.op === "member" || w.op === "member_gone") lastByMember.set(`${w.groupId}:${w.uid}`, w);
  const joined = [...lastByMember.values()].flatMap((w) => (w.op === "member" ? [w] : []));
  const gone = [...lastByMember.values()].flatMap((w) => (w.op === "member_gone" ? [w] : []));
  if (joined.length > 0) {
    await db
      .insert(groupMembers)
      .values(
        joined.map((m) => ({
          groupId: m.groupId,
          userId: m.uid,
          role: m.role,
          joinedAt: new Date(m.joinedAt),
          joinedAfterSeq: m.joinedAfterSeq,
        })),
      )
      .onDuplicateKeyUpdate({
        set: {
          role: sqlExpr`VALUES(${groupMembers.role})`,
          joinedAt: sqlExpr`VALUES(${groupMembers.joinedAt})`,
          joinedAfterSeq: sqlExpr`VALUES(${groupMembers.joinedAfterSeq})`,
        },
      });
  }
  if (gone.length > 0) {
    // One group per object: every write names the same group.
    await db.delete(groupMembers).where(
      and(
        eq(groupMembers.groupId, gone[0]!.groupId),
        inArray(
          groupMembers.userId,
          gone.map((g) => g.uid),
        ),
      ),
    );
  }
  for (const w of writes) {
    if (w.op === "recall")
      await db
        .update(groupMessages)
        .set({ body: null, recalledAt: new Date(w.at) })
        .where(eq(groupMessages.messageId, w.messageId));
    else if (w.op === "edit")
      // A recall queued after the edit clears the body again; one before it keeps it cleared.
      await db
        .update(groupMessages)
        .set({ body: w.body, editedAt: new Date(w.at) })
        .where(and(eq(groupMessages.messageId, w.messageId), isNull(groupMessages.recalledAt)));
  }
}

/**
 * The alarm's write-behind task: flushes the queue in order; on failure returns when to retry
 * (0.5 s doubling to 30 s) while the group goes on.
 */
export async function runGroupWriteBehind(storage: DurableObjectStorage, env: Env): Promise<number | undefined> {
  const sql = storage.sql;
  if (sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mysql_outbox'").toArray().length === 0) return undefined;
  const db = getDb(env);
  try {
    for (;;) {
      const rows = sql.exec<{ id: number; args: string }>("SELECT id, args FROM mysql_outbox ORDER BY id LIMIT ?", BATCH).toArray();
      if (rows.length === 0) break;
      await apply(
        db,
        rows.map((r) => JSON.parse(r.args) as GroupMysqlWrite),
      );
      sql.exec("DELETE FROM mysql_outbox WHERE id <= ?", rows[rows.length - 1]!.id);
    }
    if (Number(getKv(sql, "mysql_failures") ?? 0) !== 0) setKv(sql, "mysql_failures", 0);
    return undefined;
  } catch (err) {
    const failures = Number(getKv(sql, "mysql_failures") ?? 0) + 1;
    setKv(sql, "mysql_failures", failures);
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures);
    console.error(
      JSON.stringify({
        level: "warn",
        what: "group mysql write-behind",
        backlog: groupMysqlBacklog(sql),
        retryInMs: delay,
        error: safeCause(err),
      }),
    );
    return Date.now() + delay;
  }
}
