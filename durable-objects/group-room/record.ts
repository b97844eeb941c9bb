// How one change to the group is recorded: a `group_change` entry in the log with the next seq,
// the event to every member it concerns (key `g:<groupId>:<seq>`), and the MySQL writes that
// bring the copy up to date. Always inside the caller's transaction.
import type { EventBody } from "../../protocol/events";
import type { Group, GroupChange } from "../../protocol/groups";
import { emitTo } from "./follow-ups";
import { appendChange } from "./log";
import { lastSeq, memberCount, memberUids, toGroup, type GroupSettings } from "./state";
import { queueGroupWrite } from "./write-behind";

/** The MySQL snapshot of the group row, as the object has it now. */
export function queueGroupRow(sql: SqlStorage, s: GroupSettings, at: number): void {
  queueGroupWrite(sql, {
    op: "group",
    row: {
      id: s.groupId,
      name: s.name,
      topic: s.topic,
      avatarUrl: s.avatarUrl,
      ownerId: s.ownerId,
      membersCanInvite: s.membersCanInvite,
      memberCount: memberCount(sql),
      lastSeq: lastSeq(sql),
      createdAt: s.createdAt,
      updatedAt: at,
      dissolvedAt: s.dissolvedAt ?? null,
    },
  });
}

/**
 * Records `change` (made by `by`) after the caller changed settings and members: the event goes to
 * the current members and to `alsoTo` (a member who just left or was removed: it is their last).
 */
export function recordChange(
  sql: SqlStorage,
  s: GroupSettings,
  by: number,
  change: GroupChange,
  at: number,
  alsoTo: number[] = [],
): number {
  const seq = appendChange(sql, by, change, at);
  const body: EventBody = {
    type: "group_change",
    groupId: s.groupId as Group["groupId"],
    seq,
    by,
    change,
    group: toGroup(sql, s),
    at: new Date(at).toISOString(),
  };
  emitTo(sql, [...memberUids(sql), ...alsoTo], `g:${s.groupId}:${seq}`, body);
  queueGroupWrite(sql, {
    op: "entry",
    entry: {
      groupId: s.groupId,
      seq,
      kind: "change",
      messageId: null,
      senderId: by,
      clientMsgId: null,
      body: null,
      mentions: [],
      mentionsAll: false,
      change: JSON.stringify(change),
      fileId: null,
      sentAt: at,
    },
  });
  queueGroupRow(sql, s, at);
  return seq;
}
