// This user's side of each conversation: last sequence seen, how far they have read, which
// incoming messages are unread, and how far delivery receipts have been sent.
import type { ChatMessage } from "../../protocol/events";

/** Records a message event for this user (incoming counts as unread). */
export function recordMessage(sql: SqlStorage, me: number, m: ChatMessage): void {
  const peer = m.from === me ? m.to : m.from;
  sql.exec(
    "INSERT INTO conv_state (peer, last_seq) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)",
    peer,
    m.seq,
  );
  if (m.from !== me) {
    sql.exec(
      "INSERT INTO unread (peer, seq) SELECT ?, ? WHERE ? > (SELECT read_seq FROM conv_state WHERE peer = ?) ON CONFLICT DO NOTHING",
      peer,
      m.seq,
      m.seq,
      peer,
    );
  }
}

/** True once a message between this user and `peer` has reached this object. */
export function hasConversationWith(sql: SqlStorage, peer: number): boolean {
  return sql.exec("SELECT 1 FROM conv_state WHERE peer = ?", peer).toArray().length > 0;
}

export function forgetUnread(sql: SqlStorage, peer: number, seq: number): void {
  sql.exec("DELETE FROM unread WHERE peer = ? AND seq = ?", peer, seq);
}

/**
 * Marks read up to `upToSeq`, capped at the last message this user has (a read mark beyond it
 * would hide later messages from unread); returns the seq now read, or undefined if unchanged.
 */
export function markRead(sql: SqlStorage, peer: number, upToSeq: number): number | undefined {
  const row = sql.exec<{ last_seq: number }>("SELECT last_seq FROM conv_state WHERE peer = ?", peer).toArray()[0];
  const upTo = Math.min(upToSeq, row?.last_seq ?? 0);
  if (upTo <= 0) return undefined;
  const changed = sql.exec("UPDATE conv_state SET read_seq = ? WHERE peer = ? AND read_seq < ?", upTo, peer, upTo).rowsWritten > 0;
  sql.exec("DELETE FROM unread WHERE peer = ? AND seq <= ?", peer, upTo);
  return changed ? upTo : undefined;
}

/** Raises the delivered mark; returns true when a receipt is due. */
export function markDelivered(sql: SqlStorage, peer: number, upToSeq: number): boolean {
  sql.exec("INSERT INTO conv_state (peer) VALUES (?) ON CONFLICT DO NOTHING", peer);
  return sql.exec("UPDATE conv_state SET delivered_seq = ? WHERE peer = ? AND delivered_seq < ?", upToSeq, peer, upToSeq).rowsWritten > 0;
}

export function unreadCounts(sql: SqlStorage): { peerId: number; count: number; lastSeq: number }[] {
  return sql
    .exec<{ peer: number; count: number; last_seq: number }>(
      "SELECT u.peer AS peer, COUNT(*) AS count, c.last_seq AS last_seq FROM unread u JOIN conv_state c ON c.peer = u.peer GROUP BY u.peer",
    )
    .toArray()
    .map((r) => ({ peerId: r.peer, count: r.count, lastSeq: r.last_seq }));
}

export interface SentRecord {
  messageId: string;
  seq: number;
  recipient: number;
  sentAt: number;
  bodyHash: string | null;
}

type SentRow = { message_id: string; seq: number; recipient: number; sent_at: number; body_hash: string | null };

/** An ack already given: by its key (recipient, clientMsgId), or by message id (for recalls). */
export function findSent(sql: SqlStorage, by: { recipient: number; clientMsgId: string } | { messageId: string }): SentRecord | undefined {
  const row = (
    "messageId" in by
      ? sql.exec<SentRow>("SELECT * FROM sent_index WHERE message_id = ?", by.messageId)
      : sql.exec<SentRow>("SELECT * FROM sent_index WHERE recipient = ? AND client_msg_id = ?", by.recipient, by.clientMsgId)
  ).toArray()[0];
  return row && { messageId: row.message_id, seq: row.seq, recipient: row.recipient, sentAt: row.sent_at, bodyHash: row.body_hash };
}

export function recordSent(sql: SqlStorage, m: ChatMessage, bodyHash: string): void {
  sql.exec(
    "INSERT INTO sent_index (recipient, client_msg_id, message_id, seq, sent_at, body_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    m.to,
    m.clientMsgId,
    m.messageId,
    m.seq,
    Date.parse(m.sentAt),
    bodyHash,
  );
}
