// Messages of the conversations this object owns: the single allocator of each conversation's
// sequence numbers, with idempotency by (conversation, sender, clientMsgId). The owner of a 1:1 conversation is
// the participant with the smaller uid, so every conversation has exactly one writer.
import type { ChatMessage } from "../../protocol/events";
import type { StoredFile } from "../../protocol/files";
import type { HistoryMessage } from "../../protocol/history";
import { fileColumn, readFileColumn } from "./attachments";

export const conversationKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
export const conversationOwner = (a: number, b: number) => Math.min(a, b);
export const peerIn = (conversation: string, me: number) => Number(conversation.split(":").find((p) => Number(p) !== me));

type LogRow = {
  message_id: string;
  conversation: string;
  seq: number;
  sender: number;
  recipient: number;
  client_msg_id: string;
  body: string | null;
  /** The attachment's metadata as JSON (attachments.ts); null without one and once recalled. */
  file: string | null;
  sent_at: number;
  recalled_at: number | null;
  edited_at: number | null;
};

function toMessage(row: LogRow): ChatMessage {
  const file = readFileColumn(row.file, row.recalled_at);
  return {
    messageId: row.message_id,
    conversation: row.conversation,
    seq: row.seq,
    from: row.sender,
    to: row.recipient,
    clientMsgId: row.client_msg_id,
    body: row.body ?? "",
    ...(file ? { file } : {}),
    sentAt: new Date(row.sent_at).toISOString(),
  };
}

export interface NewMessage {
  from: number;
  to: number;
  clientMsgId: string;
  body: string;
  /** The attachment, looked up by the sender's object (the sender uploaded it). */
  file?: StoredFile;
}

/** What the owner answers a send with: the stored message, or why it was refused. Crosses RPC as a value. */
export type StoreVerdict =
  { ok: true; message: ChatMessage; created: boolean } | { ok: false; code: "CLIENT_MSG_ID_REUSED" | "NOT_FRIENDS" };

/**
 * Stores a message with the next sequence number. A retry (same conversation, sender, clientMsgId,
 * body and file) returns the original with `created: false`; the same key with another body or file
 * is refused with CLIENT_MSG_ID_REUSED, so it is never acked as the earlier message. A recalled
 * message has no content left to compare: a retry of its key gets the original.
 */
export function appendMessage(sql: SqlStorage, input: NewMessage, now = Date.now()): StoreVerdict {
  const conversation = conversationKey(input.from, input.to);
  const existing = sql
    .exec<LogRow>(
      "SELECT * FROM conv_log WHERE conversation = ? AND sender = ? AND client_msg_id = ?",
      conversation,
      input.from,
      input.clientMsgId,
    )
    .toArray()[0];
  if (existing) {
    const sameFile = readFileColumn(existing.file, existing.recalled_at)?.id === input.file?.id;
    if (existing.recalled_at === null && (existing.body !== input.body || !sameFile)) return { ok: false, code: "CLIENT_MSG_ID_REUSED" };
    return { ok: true, message: toMessage(existing), created: false };
  }
  const { last_seq: seq } = sql
    .exec<{ last_seq: number }>(
      "INSERT INTO conv_seq (conversation, last_seq) VALUES (?, 1) ON CONFLICT (conversation) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
      conversation,
    )
    .one();
  const row: LogRow = {
    message_id: crypto.randomUUID(),
    conversation,
    seq,
    sender: input.from,
    recipient: input.to,
    client_msg_id: input.clientMsgId,
    body: input.body,
    file: fileColumn(input.file),
    sent_at: now,
    recalled_at: null,
    edited_at: null,
  };
  sql.exec(
    "INSERT INTO conv_log (message_id, conversation, seq, sender, recipient, client_msg_id, body, file, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    row.message_id,
    conversation,
    seq,
    row.sender,
    row.recipient,
    row.client_msg_id,
    row.body,
    row.file,
    now,
  );
  return { ok: true, message: toMessage(row), created: true };
}

type FullRow = LogRow & { delivered_at: number | null; read_at: number | null };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A history page (newest first) from this owner's log, which has every message of the
 * conversation with its current receipts: what MySQL will show once the write-behind has run.
 */
export function logPage(sql: SqlStorage, conversation: string, before: number | undefined, limit: number): HistoryMessage[] {
  return sql
    .exec<FullRow>(
      "SELECT * FROM conv_log WHERE conversation = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
      conversation,
      before ?? Number.MAX_SAFE_INTEGER,
      limit,
    )
    .toArray()
    .map((r) => {
      const file = readFileColumn(r.file, r.recalled_at);
      return {
        messageId: r.message_id,
        conversation: r.conversation,
        seq: r.seq,
        from: r.sender,
        to: r.recipient,
        clientMsgId: r.client_msg_id,
        body: r.recalled_at === null ? r.body : null,
        ...(file ? { file } : {}),
        status: r.recalled_at !== null ? "recalled" : r.read_at !== null ? "read" : r.delivered_at !== null ? "delivered" : "sent",
        sentAt: new Date(r.sent_at).toISOString(),
        deliveredAt: iso(r.delivered_at),
        readAt: iso(r.read_at),
        recalledAt: iso(r.recalled_at),
        ...(r.edited_at !== null && r.recalled_at === null ? { editedAt: new Date(r.edited_at).toISOString() } : {}),
      };
    });
}

/** Marks messages to `recipient` up to `upToSeq` with a receipt; returns the seqs that changed. */
export function markReceipt(
  sql: SqlStorage,
  kind: "delivered" | "read",
  conversation: string,
  recipient: number,
  upToSeq: number,
  at: number,
): number {
  const column = kind === "delivered" ? "delivered_at" : "read_at";
  const changed = sql.exec(
    `UPDATE conv_log SET ${column} = ? WHERE conversation = ? AND recipient = ? AND seq <= ? AND ${column} IS NULL`,
    at,
    conversation,
    recipient,
    upToSeq,
  ).rowsWritten;
  if (kind === "read") {
    // Read implies delivered.
    sql.exec(
      "UPDATE conv_log SET delivered_at = ? WHERE conversation = ? AND recipient = ? AND seq <= ? AND delivered_at IS NULL",
      at,
      conversation,
      recipient,
      upToSeq,
    );
  }
  return changed;
}

export type RecallVerdict = { ok: true; message: ChatMessage } | { ok: false; code: "MESSAGE_NOT_FOUND" | "RECALL_WINDOW_PASSED" };

/** Recalls a message if `by` sent it and it is inside the window (checked on this server's clock). */
export function recallMessage(sql: SqlStorage, messageId: string, by: number, windowMs: number, now = Date.now()): RecallVerdict {
  const row = sql.exec<LogRow>("SELECT * FROM conv_log WHERE message_id = ? AND sender = ?", messageId, by).toArray()[0];
  if (!row) return { ok: false, code: "MESSAGE_NOT_FOUND" };
  if (row.recalled_at === null) {
    if (now - row.sent_at > windowMs) return { ok: false, code: "RECALL_WINDOW_PASSED" };
    // The file goes with the body: the clean-up deletes the bytes once MySQL's rows reference it no more.
    sql.exec("UPDATE conv_log SET body = NULL, file = NULL, recalled_at = ? WHERE message_id = ?", now, messageId);
  }
  return { ok: true, message: toMessage(row) };
}

export type EditVerdict = { ok: true; message: ChatMessage } | { ok: false; code: "MESSAGE_NOT_FOUND" | "EDIT_WINDOW_PASSED" };

/**
 * Replaces the body of a message if `by` sent it, it is not recalled and it is inside the edit
 * window (from when it was sent, on this server's clock). The previous text is not kept.
 */
export function editMessage(sql: SqlStorage, messageId: string, by: number, body: string, windowMs: number, now: number): EditVerdict {
  const row = sql.exec<LogRow>("SELECT * FROM conv_log WHERE message_id = ? AND sender = ?", messageId, by).toArray()[0];
  if (!row || row.recalled_at !== null) return { ok: false, code: "MESSAGE_NOT_FOUND" };
  if (now - row.sent_at > windowMs) return { ok: false, code: "EDIT_WINDOW_PASSED" };
  sql.exec("UPDATE conv_log SET body = ?, edited_at = ? WHERE message_id = ?", body, now, messageId);
  return { ok: true, message: { ...toMessage(row), body } };
}

/**
 * Whether `caller` may download `fileId` by this owner's log: a message of a conversation this
 * object owns, not recalled, carrying the file, with the caller as its sender or recipient.
 * (Messages pruned from the log are in MySQL, which the download route reads first.)
 */
export function fileInLog(sql: SqlStorage, caller: number, fileId: string): boolean {
  return (
    sql
      .exec(
        "SELECT 1 FROM conv_log WHERE json_extract(file, '$.id') = ? AND file IS NOT NULL AND recalled_at IS NULL AND (sender = ? OR recipient = ?) LIMIT 1",
        fileId,
        caller,
        caller,
      )
      .toArray().length > 0
  );
}
