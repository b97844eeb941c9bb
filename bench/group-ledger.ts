// Bookkeeping for a group load phase: every group_send, its group_sent and every member's copy,
// so the phase can prove each member got each acked message exactly once and in the group's seq
// order. A copy is (message, recipient); the sender's own device gets its copy too (the echo):
// counted apart, never required. The accounting is the shared delivery ledger's.
import { createDeliveryLedger, type DeliveryResult, type SeqPositions } from "./delivery-ledger";
import type { Tracker } from "./sockets";

/** Copies are per member; `complete` and `allMembersMs` count a message once every member has it. */
export type GroupLedgerResult = DeliveryResult;

export interface GroupLedger extends Tracker {
  record(clientMsgId: string, groupId: string, from: number, members: ReadonlySet<number>): void;
  /** Messages still missing their ack or a member's copy. */
  outstanding(): number;
  result(): GroupLedgerResult;
}

/** The newest seq each member saw of each group (`<uid>|<groupId>`), kept across phases. */
export type GroupPositions = SeqPositions;

/** `onComplete(groupId)` runs when a message has its ack and every member's copy (window control). */
export function createGroupLedger(positions: GroupPositions, onComplete: (groupId: string) => void = () => {}): GroupLedger {
  const ledger = createDeliveryLedger(positions, onComplete);
  return {
    record: ledger.record,
    onAck() {},
    onMessage: ledger.unexpected,
    onGroupAck: (clientMsgId, _seq, at) => ledger.ack(clientMsgId, at),
    onGroupEntry(recipient, groupId, seq, message, at) {
      ledger.order(recipient, groupId, seq);
      if (message) ledger.copy(recipient, message.clientMsgId, message.groupId, message.from, at);
    },
    onError: ledger.error,
    outstanding: ledger.outstanding,
    result: ledger.result,
  };
}
