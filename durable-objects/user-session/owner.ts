// The conversation owner's side: assigning sequence numbers, receipts and recalls, each with its
// MySQL write queued and its events emitted in the same transaction.
import {
  appendMessage,
  editMessage,
  type EditVerdict,
  markReceipt,
  peerIn,
  recallMessage,
  type NewMessage,
  type RecallVerdict,
  type StoreVerdict,
} from "./conversation-log";
import type { ChatMessage } from "../../protocol/events";
import { queueMysqlWrite } from "./write-behind";
import type { ReceiptUpdate } from "./call-queue";
import type { ObjectServices } from "./object-services";

/**
 * Stores a message in the owner's log and emits it to the recipient, and to the sender when the
 * sender is this user. A sender on another object appends its own echo in the transaction that
 * records its `sent` (owner-route.ts): no queued call, no RPC back. Idempotent.
 */
export function storeAsOwner(s: ObjectServices, input: NewMessage): StoreVerdict {
  const verdict = appendMessage(s.sql, input);
  if (verdict.ok && verdict.created) {
    const { message } = verdict;
    queueMysqlWrite(s.sql, { op: "insert", message });
    emitMessage(s, message.to, message);
    if (message.from === s.uid) emitMessage(s, message.from, message);
  }
  return verdict;
}

/** A message event for one participant; its key makes a repeat (a retried send or call) a no-op. */
export function emitMessage(s: ObjectServices, target: number, message: ChatMessage): void {
  s.emit(target, `msg:${message.messageId}`, { type: "message", message });
}

export function applyReceiptAsOwner(s: ObjectServices, update: ReceiptUpdate): void {
  if (markReceipt(s.sql, update.kind, update.conversation, update.recipient, update.upToSeq, update.at) === 0) return;
  queueMysqlWrite(s.sql, { op: "receipt", update });
  const sender = peerIn(update.conversation, update.recipient);
  s.emit(sender, `rcpt:${update.conversation}:${update.kind}:${update.upToSeq}`, {
    type: "receipt",
    kind: update.kind,
    conversation: update.conversation,
    peerId: update.recipient,
    upToSeq: update.upToSeq,
    at: new Date(update.at).toISOString(),
  });
}

export function recallAsOwner(s: ObjectServices, messageId: string, by: number, now = Date.now()): RecallVerdict {
  const verdict = recallMessage(s.sql, messageId, by, s.settings.recallWindowMs, now);
  if (!verdict.ok) return verdict;
  const m = verdict.message;
  queueMysqlWrite(s.sql, { op: "recall", messageId, at: now });
  for (const target of [m.from, m.to]) {
    s.emit(target, `recall:${messageId}`, {
      type: "recall",
      messageId,
      conversation: m.conversation,
      seq: m.seq,
      by,
      at: new Date(now).toISOString(),
    });
  }
  return verdict;
}

export function editAsOwner(s: ObjectServices, messageId: string, by: number, body: string, now = Date.now()): EditVerdict {
  const verdict = editMessage(s.sql, messageId, by, body, s.settings.editWindowMs, now);
  if (!verdict.ok) return verdict;
  const m = verdict.message;
  queueMysqlWrite(s.sql, { op: "edit", messageId, body, at: now });
  const editedAt = new Date(now).toISOString();
  // Keyed by time: each edit is its own event; the latest wins on every device.
  for (const target of [m.from, m.to])
    s.emit(target, `edit:${messageId}:${now}`, { type: "edit", messageId, conversation: m.conversation, seq: m.seq, body, editedAt });
  return verdict;
}
