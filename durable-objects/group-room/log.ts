// The group's log: messages and system changes in one gap-free sequence, as stored in the object
// and as members and history see them.
import type { StoredFile } from "../../protocol/files";
import type { GroupChange, GroupHistoryEntry, GroupMessage } from "../../protocol/groups";
import { fileColumn, readFileColumn } from "../user-session/attachments";
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
  /** The attachment's metadata as JSON; null without one and once recalled. */
  file: string | null;
  /** When the sender last edited the body (the previous text is not kept). */
  edited_at: number | null;
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
  file?: StoredFile;
}

/** Appends a message with the next seq and a new id. */
export function appendMessage(sql: SqlStorage, groupId: string, m: StoredMessage, at: number): GroupMessage {
  const seq = nextSeq(sql);
  const messageId = crypto.randomUUID();
  sql.exec(
    `INSERT INTO log (seq, kind, message_id, sender, client_msg_id, body, body_hash, mentions, mentions_all, at, file)
     VALUES (?, 'message', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    seq,
    messageId,
    m.from,
    m.clientMsgId,
    m.body,
    m.bodyHash,
    JSON.stringify(m.mentions),
    m.mentionsAll ? 1 : 0,
    at,
    fileColumn(m.file),
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
    file: fileColumn(m.file),
    recalled_at: null,
  });
}

export function messageByClientId(sql: SqlStorage, from: number, clientMsgId: string): LogRow | undefined {
  return sql.exec<LogRow>("SELECT * FROM log WHERE sender = ? AND client_msg_id = ?", from, clientMsgId).toArray()[0];
}

export function messageById(sql: SqlStorage, messageId: string): LogRow | undefined {
  return sql.exec<LogRow>("SELECT * FROM log WHERE message_id = ?", messageId).toArray()[0];
}

export function markEdited(sql: SqlStorage, messageId: string, body: string, at: number): void {
  sql.exec("UPDATE log SET body = ?, edited_at = ? WHERE message_id = ?", body, at, messageId);
}

export function markRecalled(sql: SqlStorage, messageId: string, at: number): void {
  // The file goes with the body (MySQL's row keeps its file_id, for the clean-up).
  sql.exec("UPDATE log SET body = NULL, file = NULL, recalled_at = ? WHERE message_id = ?", at, messageId);
}

type MessageFields = Pick<
  LogRow,
  "seq" | "message_id" | "sender" | "client_msg_id" | "body" | "mentions" | "mentions_all" | "at" | "file" | "recalled_at"
>;

export function toMessage(groupId: string, r: MessageFields): GroupMessage {
  const file = readFileColumn(r.file, r.recalled_at);
  return {
    messageId: r.message_id!,
    groupId: groupId as GroupMessage["groupId"],
    seq: r.seq,
    from: r.sender,
    clientMsgId: r.client_msg_id!,
    body: r.body ?? "",
    mentions: JSON.parse(r.mentions) as number[],
    mentionsAll: r.mentions_all === 1,
    ...(file ? { file } : {}),
    sentAt: new Date(r.at).toISOString(),
  };
}

export function toHistoryEntry(r: LogRow): GroupHistoryEntry {
  const file = readFileColumn(r.file, r.recalled_at);
  return {
    seq: r.seq,
    kind: r.kind,
    messageId: r.message_id,
    from: r.sender,
    body: r.recalled_at === null ? r.body : null,
    mentions: JSON.parse(r.mentions) as number[],
    mentionsAll: r.mentions_all === 1,
    change: r.change === null ? null : (JSON.parse(r.change) as GroupChange),
    ...(file ? { file } : {}),
    sentAt: new Date(r.at).toISOString(),
    recalledAt: r.recalled_at === null ? null : new Date(r.recalled_at).toISOString(),
    ...(r.edited_at !== null && r.recalled_at === null ? { editedAt: new Date(r.edited_at).toISOString() } : {}),
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

/**
 * Whether a message not recalled with `fileId` is in the log after `afterSeq` (what a member who
 * joined after it sees). Entries pruned from the log are in MySQL, which the download route reads first.
 */
export function fileInLog(sql: SqlStorage, fileId: string, afterSeq: number): boolean {
  return (
    sql
      .exec(
        "SELECT 1 FROM log WHERE json_extract(file, '$.id') = ? AND file IS NOT NULL AND recalled_at IS NULL AND seq > ? LIMIT 1",
        fileId,
        afterSeq,
      )
      .toArray().length > 0
  );
}
