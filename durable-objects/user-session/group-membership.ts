// This user's side of each group they are in, one row per group in `my_groups`: the group as the
// last change showed it, this user's role, how far they have seen and read, what is unread
// (group-unread.ts), mute, and the last message for the conversation list. Kept by the group
// events in this user's stream (apply-event.ts); one table, since every table costs each object
// SQLite memory (docs/performance.md).
//
// A group this user left, was removed from, or that was dissolved stays as a row with `left_seq`
// set, so a late event of it cannot bring it back; a later join (seq past it) starts afresh.
import type { EventBody } from "../../protocol/events";
import type { Group, GroupMessage, GroupRole, GroupUnread } from "../../protocol/groups";
import type { GroupLastMessage } from "../../protocol/history";
import { addUnread, counts, COUNTS, forget, parseMarks, readUpTo, type UnreadMarks } from "./group-unread";

type GroupChangeEvent = Extract<EventBody, { type: "group_change" }>;
type GroupRecallEvent = Extract<EventBody, { type: "group_recall" }>;
type GroupEditEvent = Extract<EventBody, { type: "group_edit" }>;

export interface MyGroup {
  groupId: string;
  /** The group as the last change this user saw showed it; null until one arrives. */
  group: Group | null;
  role: GroupRole;
  lastSeq: number;
  readSeq: number;
  muted: boolean;
  unread: number;
  mentions: number;
  lastMessage: GroupLastMessage | null;
}

type Row = {
  group_id: string;
  info: string | null;
  role: GroupRole;
  last_seq: number;
  read_seq: number;
  muted: number;
  marks: string;
  last_message: string | null;
  left_seq: number | null;
  active_at: number;
};

function row(sql: SqlStorage, groupId: string): Row | undefined {
  return sql.exec<Row>("SELECT * FROM my_groups WHERE group_id = ?", groupId).toArray()[0];
}

const isMember = (r: Row | undefined): r is Row => r !== undefined && r.left_seq === null;

function toMyGroup(r: Row): MyGroup {
  const group = r.info ? (JSON.parse(r.info) as Group) : null;
  return {
    groupId: r.group_id,
    group: group && { ...group, lastSeq: Math.max(group.lastSeq, r.last_seq) },
    role: r.role,
    lastSeq: r.last_seq,
    readSeq: r.read_seq,
    muted: r.muted === 1,
    ...counts(parseMarks(r.marks)),
    lastMessage: r.last_message ? (JSON.parse(r.last_message) as GroupLastMessage) : null,
  };
}

/** Every group this user is in, the most recently active (message or change) first. */
export function myGroups(sql: SqlStorage): MyGroup[] {
  return sql.exec<Row>("SELECT * FROM my_groups WHERE left_seq IS NULL ORDER BY active_at DESC").toArray().map(toMyGroup);
}

/** One group this user is in, or undefined. */
export function myGroup(sql: SqlStorage, groupId: string): MyGroup | undefined {
  const r = row(sql, groupId);
  return isMember(r) ? toMyGroup(r) : undefined;
}

/** hello's view: counts per group. */
export function groupUnreads(sql: SqlStorage): GroupUnread[] {
  return myGroups(sql).map((g) => ({
    groupId: g.groupId,
    name: g.group?.name ?? "",
    unread: g.unread,
    mentions: g.mentions,
    lastSeq: g.lastSeq,
    muted: g.muted,
  }));
}

/** Mutes or unmutes a group; false when this user is not in it. */
export function setMuted(sql: SqlStorage, groupId: string, muted: boolean): boolean {
  return sql.exec("UPDATE my_groups SET muted = ? WHERE group_id = ? AND left_seq IS NULL", muted ? 1 : 0, groupId).rowsWritten > 0;
}

function writeMarks(sql: SqlStorage, groupId: string, marks: UnreadMarks): void {
  sql.exec("UPDATE my_groups SET marks = ? WHERE group_id = ?", JSON.stringify(marks), groupId);
}

/** A row for a group this user is now in, from `afterSeq` on (a rejoin forgets the old membership's state). */
function join(sql: SqlStorage, groupId: string, afterSeq: number): void {
  sql.exec(
    `INSERT INTO my_groups (group_id, role, last_seq, read_seq, marks) VALUES (?, 'member', ?, ?, '')
     ON CONFLICT (group_id) DO UPDATE SET role = 'member', last_seq = MAX(last_seq, excluded.last_seq), read_seq = excluded.read_seq,
       muted = 0, marks = '', last_message = NULL, left_seq = NULL`,
    groupId,
    afterSeq,
    afterSeq,
  );
}

/**
 * A message in a group: counts as unread when from someone else, after the read mark, and the
 * group is not muted. A mention of this user (`@uid`, or `@all` from an admin, as the group object
 * decided) counts even when muted: mute stops the badge, not being called by name.
 */
export function applyGroupMessage(sql: SqlStorage, me: number, m: GroupMessage): void {
  let r = row(sql, m.groupId);
  // A message before any change of its group (not expected: the group sends the join first).
  if (!r) {
    join(sql, m.groupId, 0);
    r = row(sql, m.groupId)!;
  }
  if (!isMember(r)) return;
  const newest = m.seq > r.last_seq;
  const mentioned = m.mentionsAll || m.mentions.includes(me);
  const flags = m.from === me || m.seq <= r.read_seq ? 0 : (r.muted ? 0 : COUNTS.unread) | (mentioned ? COUNTS.mention : 0);
  if (!newest && flags === 0) return;
  const last: GroupLastMessage = {
    messageId: m.messageId,
    seq: m.seq,
    from: m.from,
    body: m.body,
    ...(m.file ? { file: m.file } : {}),
    sentAt: m.sentAt,
  };
  // One write per message: the newest seq and last message, and the counts.
  sql.exec(
    "UPDATE my_groups SET last_seq = ?, last_message = ?, active_at = ?, marks = ? WHERE group_id = ?",
    newest ? m.seq : r.last_seq,
    newest ? JSON.stringify(last) : r.last_message,
    newest ? Date.parse(m.sentAt) : r.active_at,
    flags === 0 ? r.marks : JSON.stringify(addUnread(parseMarks(r.marks), m.seq, flags)),
    m.groupId,
  );
}

/** This user's role after a change, given the role before it. */
function roleAfter(me: number, e: GroupChangeEvent, before: GroupRole): GroupRole {
  if (e.group.ownerId === me) return "owner";
  const c = e.change;
  if (c.kind === "role" && c.uid === me) return c.role;
  if (c.kind === "owner" && c.previous === me) return "admin";
  return before === "owner" ? "admin" : before;
}

/** Whether the change ends this user's membership. */
function endsMembership(me: number, e: GroupChangeEvent): boolean {
  const c = e.change;
  return c.kind === "dissolved" || ((c.kind === "left" || c.kind === "removed") && c.uid === me);
}

/** Whether the change starts it. */
function startsMembership(me: number, e: GroupChangeEvent): boolean {
  const c = e.change;
  return c.kind === "created" || (c.kind === "members_added" && c.uids.includes(me)) || (c.kind === "joined_by_link" && c.uid === me);
}

/**
 * A change: keeps the group's snapshot and this user's role; a join adds the group (read from
 * the join on: earlier history is not this member's), a departure, removal or dissolution drops it.
 */
export function applyGroupChange(sql: SqlStorage, me: number, e: GroupChangeEvent): void {
  let r = row(sql, e.groupId);
  if (endsMembership(me, e)) {
    if (isMember(r)) sql.exec("UPDATE my_groups SET left_seq = ?, info = ? WHERE group_id = ?", e.seq, JSON.stringify(e.group), e.groupId);
    return;
  }
  const rejoins = r !== undefined && r.left_seq !== null && e.seq > r.left_seq;
  if (!r || rejoins) {
    // Any change but a join for a group not known here still means this user is in it.
    if (!r || startsMembership(me, e)) join(sql, e.groupId, e.seq);
    r = row(sql, e.groupId)!;
  }
  if (!isMember(r)) return;
  sql.exec(
    "UPDATE my_groups SET info = ?, role = ?, last_seq = MAX(last_seq, ?), active_at = MAX(active_at, ?) WHERE group_id = ?",
    JSON.stringify(e.group),
    roleAfter(me, e, r.role),
    e.seq,
    Date.parse(e.at),
    e.groupId,
  );
}

/** A recall: the message no longer counts as unread or as a mention, nor shows its body or file as the last message. */
export function applyGroupRecall(sql: SqlStorage, e: GroupRecallEvent): void {
  const r = row(sql, e.groupId);
  if (!isMember(r)) return;
  writeMarks(sql, e.groupId, forget(parseMarks(r.marks), e.seq));
  const last = r.last_message ? (JSON.parse(r.last_message) as GroupLastMessage) : null;
  if (last?.messageId === e.messageId) {
    const { file: _file, ...kept } = last;
    sql.exec("UPDATE my_groups SET last_message = ? WHERE group_id = ?", JSON.stringify({ ...kept, body: null }), e.groupId);
  }
}

/** An edit of the last message: the conversation list shows the new text, marked edited. */
export function applyGroupEdit(sql: SqlStorage, e: GroupEditEvent): void {
  const r = row(sql, e.groupId);
  if (!isMember(r) || !r.last_message) return;
  const last = JSON.parse(r.last_message) as GroupLastMessage;
  if (last.messageId !== e.messageId || last.body === null) return;
  const edited: GroupLastMessage = { ...last, body: e.body, editedAt: e.editedAt };
  sql.exec("UPDATE my_groups SET last_message = ? WHERE group_id = ?", JSON.stringify(edited), e.groupId);
}

/**
 * Read up to `upToSeq`, capped at the newest seq this user has (a mark beyond it would hide
 * later messages). Returns the new read mark, or undefined when it does not move.
 */
export function markGroupRead(sql: SqlStorage, groupId: string, upToSeq: number): number | undefined {
  const r = row(sql, groupId);
  if (!isMember(r)) return undefined;
  const upTo = Math.min(upToSeq, r.last_seq);
  if (upTo <= r.read_seq) return undefined;
  sql.exec(
    "UPDATE my_groups SET read_seq = ?, marks = ? WHERE group_id = ?",
    upTo,
    JSON.stringify(readUpTo(parseMarks(r.marks), upTo)),
    groupId,
  );
  return upTo;
}

/** Where a group_read would move the read mark (without moving it), or undefined. */
export function groupReadTarget(sql: SqlStorage, groupId: string, upToSeq: number): number | undefined {
  const r = row(sql, groupId);
  if (!isMember(r)) return undefined;
  const upTo = Math.min(upToSeq, r.last_seq);
  return upTo > r.read_seq ? upTo : undefined;
}
