// The group's log: messages and system changes in one gap-free sequence, as stored in the object
// and as members and history see them.
import type { GroupChange, GroupHistoryEntry, GroupMessage } from "../../protocol/groups";
import { lastSeq } from "./state";
import { setKv } from "./storage";

export type LogRow = {
  seq: number;
  kind: "message" | "change";
  message_id: string | null;
  sender: number;
  client_msg_id: string | null;
  body: string | null;
  body_hash: string | null;
  mentions: string;
  mentions_all: number;
  change: string | null;
  at: number;
  recalled_at: number | null;
};

function nextSeq(sql: SqlStorage): number {
  const seq = lastSeq(sql) + 1;
  setKv(sql, "last_seq", seq);
  return seq;
}

/** Appends a system change with the next seq. */
export function appendChange(sql: SqlStorage, by: number, change: GroupChange, at: number): number {
  const seq = nextSeq(sql);
  sql.exec("INSERT INTO log (seq, kind, sender, change, at) VALUES (?, 'change', ?, ?, ?)", seq, by, JSON.stringify(change), at);
  return seq;
}

export interface StoredMessage {
  from: number;
  clientMsgId: string;
  body: string;
  bodyHash: string;
  mentions: number[];
  mentionsAll: boolean;
}

/** Appends a message with the next seq and a new id. */
export function appendMessage(sql: SqlStorage, groupId: string, m: StoredMessage, at: number): GroupMessage {
  const seq = nextSeq(sql);
  const messageId = crypto.randomUUID();
  sql.exec(
    `INSERT INTO log (seq, kind, message_id, sender, client_msg_id, body, body_hash, mentions, mentions_all, at)
     VALUES (?, 'message', ?, ?, ?, ?, ?, ?, ?, ?)`,
    seq,
    messageId,
    m.from,
    m.clientMsgId,
    m.body,
    m.bodyHash,
    JSON.stringify(m.mentions),
    m.mentionsAll ? 1 : 0,
    at,
  );
  return toMessage(groupId, {
    seq,
    message_id: messageId,
    sender: m.from,
    client_msg_id: m.clientMsgId,
    body: m.body,
    mentions: JSON.stringify(m.mentions),
    mentions_all: m.mentionsAll ? 1 : 0,
    at,
  });
}

export function messageByClientId(sql: SqlStorage, from: number, clientMsgId: string): LogRow | undefined {
  return sql.exec<LogRow>("SELECT * FROM log WHERE sender = ? AND client_msg_id = ?", from, clientMsgId).toArray()[0];
}

export function messageById(sql: SqlStorage, messageId: string): LogRow | undefined {
  return sql.exec<LogRow>("SELECT * FROM log WHERE message_id = ?", messageId).toArray()[0];
}

export function markRecalled(sql: SqlStorage, messageId: string, at: number): void {
  sql.exec("UPDATE log SET body = NULL, recalled_at = ? WHERE message_id = ?", at, messageId);
}

type MessageFields = Pick<LogRow, "seq" | "message_id" | "sender" | "client_msg_id" | "body" | "mentions" | "mentions_all" | "at">;

export function toMessage(groupId: string, r: MessageFields): GroupMessage {
  return {
    messageId: r.message_id!,
    groupId: groupId as GroupMessage["groupId"],
    seq: r.seq,
    from: r.sender,
    clientMsgId: r.client_msg_id!,
    body: r.body ?? "",
    mentions: JSON.parse(r.mentions) as number[],
    mentionsAll: r.mentions_all === 1,
    sentAt: new Date(r.at).toISOString(),
  };
}

export function toHistoryEntry(r: LogRow): GroupHistoryEntry {
  return {
    seq: r.seq,
    kind: r.kind,
    messageId: r.message_id,
    from: r.sender,
    body: r.recalled_at === null ? r.body : null,
    mentions: JSON.parse(r.mentions) as number[],
    mentionsAll: r.mentions_all === 1,
    change: r.change === null ? null : (JSON.parse(r.change) as GroupChange),
    sentAt: new Date(r.at).toISOString(),
    recalledAt: r.recalled_at === null ? null : new Date(r.recalled_at).toISOString(),
  };
}

/** Newest first, seq in (afterSeq, before). */
export function logPage(sql: SqlStorage, afterSeq: number, before: number | undefined, limit: number): GroupHistoryEntry[] {
  return sql
    .exec<LogRow>(
      "SELECT * FROM log WHERE seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?",
      afterSeq,
      before ?? Number.MAX_SAFE_INTEGER,
      limit,
    )
    .toArray()
    .map(toHistoryEntry);
}

const MENTION = /@(\d{9})\b/g;
const MENTION_ALL = /(^|[^\w@])@all\b/i;

/** `@<uid>` of current members (not the sender), and `@all` when the sender may use it. */
export function parseMentions(body: string, from: number, isMember: (uid: number) => boolean, mayMentionAll: boolean) {
  const mentions = [...new Set([...body.matchAll(MENTION)].map((m) => Number(m[1])))].filter((uid) => uid !== from && isMember(uid));
  return { mentions, mentionsAll: mayMentionAll && MENTION_ALL.test(body) };
}
