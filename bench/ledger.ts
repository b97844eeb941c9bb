// Bookkeeping for one load phase, on the load generator's single clock: every send, its ack and
// every receipt, so the phase can prove nothing acked was lost, duplicated or reordered.
import type { ChatMessage } from "../protocol/events";
import type { Conversations, Tracker } from "./sockets";

interface Entry {
  from: number;
  to: number;
  sentAt: number;
  ackAt: number;
  recvAt: number;
  received: number;
}

export interface LedgerResult {
  sent: number;
  acked: number;
  received: number;
  /** Acked (stored, for QChat) but never received by the recipient. */
  lost: number;
  /** Sent but never acked: refused (error frame) or timed out. */
  unacked: number;
  duplicated: number;
  /** Received with a conversation seq not above the last one that recipient saw. */
  outOfOrder: number;
  /** Received with a seq more than one above the last one: something in between is missing. */
  gaps: number;
  /** Messages from an earlier phase (or unknown) arriving during this one. */
  unexpected: number;
  errors: Record<string, number>;
  ackMs: number[];
  deliveryMs: number[];
  firstSentAt: number;
  lastReceivedAt: number;
}

export interface Ledger extends Tracker {
  record(clientMsgId: string, from: number, to: number): void;
  /** Sent messages still missing their ack or their receipt. */
  outstanding(): number;
  result(): LedgerResult;
}

/** `onComplete(from)` runs when a message has both its ack and its receipt (window control). */
export function createLedger(conversations: Conversations, onComplete: (from: number) => void = () => {}): Ledger {
  const entries = new Map<string, Entry>();
  const errors: Record<string, number> = {};
  let outstanding = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let gaps = 0;
  let unexpected = 0;
  let firstSentAt = Infinity;
  let lastReceivedAt = 0;
  const settle = (e: Entry) => {
    if (e.ackAt > 0 && e.received === 1) {
      outstanding--;
      onComplete(e.from);
    }
  };
  return {
    record(clientMsgId, from, to) {
      const sentAt = performance.now();
      firstSentAt = Math.min(firstSentAt, sentAt);
      entries.set(clientMsgId, { from, to, sentAt, ackAt: 0, recvAt: 0, received: 0 });
      outstanding++;
    },
    onAck(clientMsgId, at) {
      const e = entries.get(clientMsgId);
      if (!e || e.ackAt > 0) return;
      e.ackAt = at;
      if (e.received === 1) settle(e);
    },
    onMessage(recipient: number, m: ChatMessage, at: number) {
      const key = `${recipient}|${m.conversation}`;
      const last = conversations.lastSeq.get(key) ?? 0;
      if (m.seq <= last) outOfOrder++;
      else {
        if (m.seq > last + 1 && last > 0) gaps++;
        conversations.lastSeq.set(key, m.seq);
      }
      const e = entries.get(m.clientMsgId);
      if (!e) return void unexpected++;
      e.received++;
      if (e.received > 1) return void duplicated++;
      e.recvAt = at;
      lastReceivedAt = Math.max(lastReceivedAt, at);
      if (e.ackAt > 0) settle(e);
    },
    onError(code) {
      errors[code] = (errors[code] ?? 0) + 1;
    },
    outstanding: () => outstanding,
    result() {
      let acked = 0;
      let received = 0;
      let lost = 0;
      let unacked = 0;
      const ackMs: number[] = [];
      const deliveryMs: number[] = [];
      for (const e of entries.values()) {
        if (e.ackAt > 0) (acked++, ackMs.push(e.ackAt - e.sentAt));
        else unacked++;
        if (e.received > 0) (received++, deliveryMs.push(e.recvAt - e.sentAt));
        else if (e.ackAt > 0) lost++;
      }
      return {
        sent: entries.size,
        acked,
        received,
        lost,
        unacked,
        duplicated,
        outOfOrder,
        gaps,
        unexpected,
        errors,
        ackMs,
        deliveryMs,
        firstSentAt: Number.isFinite(firstSentAt) ? firstSentAt : 0,
        lastReceivedAt,
      };
    },
  };
}
