// Bookkeeping for one 1:1 load phase: every send, its ack and its receipt, so the phase can prove
// nothing acked was lost, duplicated or reordered. The accounting is the shared delivery ledger's,
// with one recipient per message.
import { createDeliveryLedger, type DeliveryResult } from "./delivery-ledger";
import type { Conversations, Tracker } from "./sockets";

/** The delivery ledger's figures that mean something with one recipient; `received` is its copies. */
export type LedgerResult = Omit<DeliveryResult, "complete" | "copiesDue" | "copiesReceived" | "echoes" | "allMembersMs"> & {
  received: number;
};

export interface Ledger extends Tracker {
  record(clientMsgId: string, from: number, to: number): void;
  /** Sent messages still missing their ack or their receipt. */
  outstanding(): number;
  result(): LedgerResult;
}

/** `onComplete(from)` runs when a message has both its ack and its receipt (window control). */
export function createLedger(conversations: Conversations, onComplete: (from: number) => void = () => {}): Ledger {
  const ledger = createDeliveryLedger(conversations.lastSeq, (_scope, from) => onComplete(from));
  // One recipient set per user, shared by every message to them (a set per message costs the timed load generator).
  const only = new Map<number, ReadonlySet<number>>();
  const onlyTo = (to: number) => only.get(to) ?? only.set(to, new Set([to])).get(to)!;
  return {
    record: (clientMsgId, from, to) => ledger.record(clientMsgId, "", from, onlyTo(to)),
    onAck: ledger.ack,
    onMessage(recipient, m, at) {
      ledger.order(recipient, m.conversation, m.seq);
      ledger.copy(recipient, m.clientMsgId, "", m.from, at);
    },
    onError: ledger.error,
    outstanding: ledger.outstanding,
    result() {
      const r = ledger.result();
      // The same fields, in the same order, as the phase's JSON has always had.
      return {
        sent: r.sent,
        acked: r.acked,
        received: r.copiesReceived,
        lost: r.lost,
        unacked: r.unacked,
        duplicated: r.duplicated,
        outOfOrder: r.outOfOrder,
        gaps: r.gaps,
        unexpected: r.unexpected,
        errors: r.errors,
        ackMs: r.ackMs,
        deliveryMs: r.deliveryMs,
        firstSentAt: r.firstSentAt,
        lastReceivedAt: r.lastReceivedAt,
      };
    },
  };
}
