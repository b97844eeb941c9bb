// The page's model of one group conversation: its messages and system entries (one seq order),
// my messages still on their way, "read by N of M" per own message, the group and its members.
// Plain data and functions, no DOM; unread and mention counts live in the SDK's group store.
import type { Group, GroupChange, GroupHistoryEntry, GroupMember, GroupMessage, GroupRole, StoredFile } from "../../client";
import type { ChatState } from "./state";

export interface GroupMsg {
  kind: "message";
  /** `s:<seq>` once stored, `p:<clientMsgId>` while mine is on its way. */
  key: string;
  clientMsgId?: string;
  messageId?: string;
  seq?: number;
  from: number;
  /** Empty when the message is only a file. */
  body: string | null;
  /** The attachment; gone once recalled. */
  file?: StoredFile;
  mentions: number[];
  mentionsAll: boolean;
  sentAt: string;
  recalled: boolean;
  /** When the sender last edited the text (absent if never). */
  editedAt?: string;
  /** Why the last send attempt was refused (the message is not stored). */
  error?: string;
}

/** A change to the group (created, members added, removed...), shown inline. */
export interface GroupNote {
  kind: "change";
  key: string;
  seq: number;
  by: number;
  change: GroupChange;
  at: string;
}

export type GroupEntry = GroupMsg | GroupNote;

export interface GroupReceipt {
  deliveredTo: number;
  readBy: number;
  /** Members other than the sender when counted. */
  members: number;
}

export interface GroupConv {
  groupId: string;
  group?: Group;
  /** My role; from the group reply until the member list is loaded. */
  role?: GroupRole;
  members?: GroupMember[];
  entries: Map<string, GroupEntry>;
  receipts: Map<number, GroupReceipt>;
  /** `before` for the next older history page: undefined = not loaded yet, null = no more. */
  nextBefore: number | null | undefined;
}

export function groupConv(state: ChatState, groupId: string): GroupConv {
  let conv = state.groups.get(groupId);
  if (!conv) {
    conv = { groupId, entries: new Map(), receipts: new Map(), nextBefore: undefined };
    state.groups.set(groupId, conv);
  }
  return conv;
}

export const myRole = (state: ChatState, conv: GroupConv): GroupRole | undefined =>
  conv.members?.find((m) => m.uid === state.me.id)?.role ?? conv.role;

export const isAdmin = (role: GroupRole | undefined): boolean => role === "owner" || role === "admin";

/** A stored message (live event, history row, or my send's ack); replaces my pending copy. */
export function upsertGroupMessage(
  state: ChatState,
  m: GroupMessage | (Omit<GroupMessage, "clientMsgId"> & { recalled?: boolean; editedAt?: string }),
): void {
  const conv = groupConv(state, m.groupId);
  const key = `s:${m.seq}`;
  const existing = conv.entries.get(key);
  const clientMsgId = "clientMsgId" in m ? m.clientMsgId : existing?.kind === "message" ? existing.clientMsgId : undefined;
  if (clientMsgId && m.from === state.me.id) conv.entries.delete(`p:${clientMsgId}`);
  const recalled = Boolean((existing?.kind === "message" && existing.recalled) || ("recalled" in m && m.recalled));
  const incomingEdit = "editedAt" in m ? m.editedAt : undefined;
  // A live edit may overtake the copy being stored (history page, echo): the edited text wins.
  const kept =
    existing?.kind === "message" && existing.editedAt && (!incomingEdit || existing.editedAt > incomingEdit) ? existing : undefined;
  conv.entries.set(key, {
    kind: "message",
    key,
    clientMsgId,
    messageId: m.messageId,
    seq: m.seq,
    from: m.from,
    body: recalled ? null : (kept?.body ?? m.body),
    file: recalled ? undefined : (m.file ?? (existing?.kind === "message" ? existing.file : undefined)),
    mentions: m.mentions,
    mentionsAll: m.mentionsAll,
    sentAt: m.sentAt,
    recalled,
    editedAt: kept?.editedAt ?? incomingEdit,
  });
}

/**
 * The mentions the server will find in my message, so it shows names before the ack: `@<uid>` of
 * another member, and `@all` from an admin (docs/protocol.md, group frames).
 */
function expectedMentions(state: ChatState, conv: GroupConv, body: string): Pick<GroupMsg, "mentions" | "mentionsAll"> {
  const members = new Set(conv.members?.map((m) => m.uid));
  members.delete(state.me.id);
  const mentions = [...new Set([...body.matchAll(/@(\d{9})\b/g)].map((m) => Number(m[1])))].filter((uid) => members.has(uid));
  return { mentions, mentionsAll: /@all\b/.test(body) && isAdmin(myRole(state, conv)) };
}

/** A message I am sending, shown at once. */
export function addGroupPending(state: ChatState, groupId: string, body: string, sentAt: string, file?: StoredFile): GroupMsg {
  const clientMsgId = crypto.randomUUID();
  const conv = groupConv(state, groupId);
  const msg: GroupMsg = {
    kind: "message",
    key: `p:${clientMsgId}`,
    clientMsgId,
    from: state.me.id,
    body,
    file,
    ...expectedMentions(state, conv, body),
    sentAt,
    recalled: false,
  };
  conv.entries.set(msg.key, msg);
  return msg;
}

/** My pending messages not refused: sent again (same clientMsgId) after every hello. */
export const unackedGroupMessages = (state: ChatState): Array<[string, GroupMsg]> =>
  [...state.groups.values()].flatMap((conv) =>
    [...conv.entries.values()]
      .filter((e): e is GroupMsg => e.kind === "message" && e.seq === undefined && !e.error)
      .map((m) => [conv.groupId, m] as [string, GroupMsg]),
  );

export function addGroupNote(state: ChatState, groupId: string, note: Omit<GroupNote, "kind" | "key">): void {
  groupConv(state, groupId).entries.set(`s:${note.seq}`, { kind: "change", key: `s:${note.seq}`, ...note });
}

export function addGroupHistory(state: ChatState, groupId: string, rows: GroupHistoryEntry[], nextBefore: number | null): void {
  for (const row of rows) {
    if (row.kind === "change" && row.change)
      addGroupNote(state, groupId, { seq: row.seq, by: row.from, change: row.change, at: row.sentAt });
    else if (row.kind === "message" && row.messageId)
      upsertGroupMessage(state, {
        groupId,
        messageId: row.messageId,
        seq: row.seq,
        from: row.from,
        body: row.body ?? "",
        mentions: row.mentions,
        mentionsAll: row.mentionsAll,
        file: row.file,
        sentAt: row.sentAt,
        recalled: row.recalledAt !== null,
        editedAt: row.editedAt,
      });
  }
  groupConv(state, groupId).nextBefore = nextBefore;
}

export function recallGroupMessage(state: ChatState, groupId: string, messageId: string): void {
  for (const e of groupConv(state, groupId).entries.values())
    if (e.kind === "message" && e.messageId === messageId) Object.assign(e, { recalled: true, body: null, file: undefined });
}

/** The sender's edit (live or my own): the new text, marked edited. */
export function editGroupMessage(state: ChatState, groupId: string, messageId: string, body: string, editedAt: string): void {
  for (const e of groupConv(state, groupId).entries.values())
    if (e.kind === "message" && e.messageId === messageId && !e.recalled) Object.assign(e, { body, editedAt });
}

/** "Delete for me": one message, or every stored entry up to `upToSeq` (later ones stay). */
export function hideGroupEntries(state: ChatState, groupId: string, what: { messageId?: string; upToSeq?: number }): void {
  const conv = state.groups.get(groupId);
  if (!conv) return;
  for (const [key, e] of conv.entries) {
    const hit =
      what.messageId !== undefined
        ? e.kind === "message" && e.messageId === what.messageId
        : e.seq !== undefined && e.seq <= (what.upToSeq ?? 0);
    if (hit) conv.entries.delete(key);
  }
  if (what.messageId === undefined) conv.nextBefore = null;
}

/** Counts only grow: an update that crossed a newer one must not move them back. */
export function addReceipts(conv: GroupConv, members: number, counts: { seq: number; deliveredTo: number; readBy: number }[]): void {
  for (const c of counts) {
    const old = conv.receipts.get(c.seq);
    conv.receipts.set(c.seq, {
      deliveredTo: Math.max(c.deliveredTo, old?.deliveredTo ?? 0),
      readBy: Math.max(c.readBy, old?.readBy ?? 0),
      members: old && old.readBy > c.readBy ? old.members : members,
    });
  }
}

/** By seq; messages not yet stored go last, in the order they were written. */
export const sortedEntries = (conv: GroupConv): GroupEntry[] =>
  [...conv.entries.values()].sort(
    (a, b) =>
      (a.seq ?? Infinity) - (b.seq ?? Infinity) || (a.kind === "message" && b.kind === "message" ? a.sentAt.localeCompare(b.sentAt) : 0),
  );

/** Highest seq this page holds: what a `group_read` should cover. */
export function lastGroupSeq(conv: GroupConv): number {
  let max = conv.group?.lastSeq ?? 0;
  for (const e of conv.entries.values()) if (e.seq !== undefined && e.seq > max) max = e.seq;
  return max;
}
