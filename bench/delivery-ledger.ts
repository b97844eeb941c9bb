// Bookkeeping shared by the 1:1 and the group ledgers, on the load generator's one clock: every
// send, its ack and each recipient's copy, and each recipient's seq order per stream (a
// conversation or a group), so a phase can prove every recipient got every acked message exactly
// once and in order. A 1:1 message is a message with one recipient.

interface Entry {
  /** The group it went to; "" for a 1:1 message (the sender does not know the conversation id). */
  scope: string;
  from: number;
  /** The recipients expected to receive it (the sender excluded). */
  recipients: ReadonlySet<number>;
  sentAt: number;
  ackAt: number;
  /** Distinct recipients that have it. */
  copies: number;
  /** Which ones, with more than one recipient (a 1:1 message needs no set: the load generator is timed too). */
  receivedBy?: Set<number>;
  /** When the last expected recipient got it (0 until then). */
  allAt: number;
}

export interface DeliveryResult {
  sent: number;
  acked: number;
  /** Messages every expected recipient received. */
  complete: number;
  /** Copies due: Σ recipients other than the sender, over the messages sent. */
  copiesDue: number;
  copiesReceived: number;
  /** Copies of acked (stored, for QChat) messages that never reached their recipient. */
  lost: number;
  /** Sent but never acked: refused (error frame) or timed out. */
  unacked: number;
  /** A recipient receiving a message again (the echo to the sender counted as one copy too). */
  duplicated: number;
  /** A stream entry whose seq is not above the last one that recipient saw of that stream. */
  outOfOrder: number;
  /** A stream entry more than one above the last: something in between is missing. */
  gaps: number;
  /** Messages from an earlier phase or unknown, claiming another group or sender, or reaching a non-recipient. */
  unexpected: number;
  /** Senders' own copies (their devices' echo). */
  echoes: number;
  errors: Record<string, number>;
  ackMs: number[];
  /** Per copy: send to that recipient's receipt. */
  deliveryMs: number[];
  /** Per complete message: send to the last recipient's receipt. */
  allMembersMs: number[];
  firstSentAt: number;
  lastReceivedAt: number;
}

/** The newest seq each recipient saw of each stream (`<uid>|<conversation or groupId>`), kept across phases. */
export type SeqPositions = Map<string, number>;

export interface DeliveryLedger {
  /** `recipients` may include the sender (a group's members): it is left out. */
  record(clientMsgId: string, scope: string, from: number, recipients: ReadonlySet<number>): void;
  ack(clientMsgId: string, at: number): void;
  /** An entry of `stream` at `seq` reached `recipient` (a message, or a group change). */
  order(recipient: number, stream: string, seq: number): void;
  /** `recipient` got a copy of the message, which says it is from `from` in `scope`. */
  copy(recipient: number, clientMsgId: string, scope: string, from: number, at: number): void;
  unexpected(): void;
  error(code: string): void;
  /** Messages still missing their ack or a recipient's copy. */
  outstanding(): number;
  result(): DeliveryResult;
}

/** `onComplete` runs when a message has its ack and every recipient's copy (window control). */
export function createDeliveryLedger(
  positions: SeqPositions,
  onComplete: (scope: string, from: number) => void = () => {},
): DeliveryLedger {
  const entries = new Map<string, Entry>();
  const errors: Record<string, number> = {};
  const deliveryMs: number[] = [];
  const allMembersMs: number[] = [];
  let outstanding = 0;
  let copiesReceived = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let gaps = 0;
  let unexpected = 0;
  let echoes = 0;
  let firstSentAt = Infinity;
  let lastReceivedAt = 0;
  const settle = (e: Entry) => {
    if (e.ackAt > 0 && e.allAt > 0) (outstanding--, onComplete(e.scope, e.from));
  };
  return {
    record(clientMsgId, scope, from, recipients) {
      const sentAt = performance.now();
      firstSentAt = Math.min(firstSentAt, sentAt);
      const expected = recipients.has(from) ? new Set([...recipients].filter((uid) => uid !== from)) : recipients;
      const receivedBy = expected.size > 1 ? new Set<number>() : undefined;
      entries.set(clientMsgId, { scope, from, recipients: expected, sentAt, ackAt: 0, copies: 0, receivedBy, allAt: 0 });
      outstanding++;
    },
    ack(clientMsgId, at) {
      const e = entries.get(clientMsgId);
      if (!e || e.ackAt > 0) return;
      e.ackAt = at;
      settle(e);
    },
    order(recipient, stream, seq) {
      const key = `${recipient}|${stream}`;
      const last = positions.get(key) ?? 0;
      if (seq <= last) return void outOfOrder++;
      if (seq > last + 1 && last > 0) gaps++;
      positions.set(key, seq);
    },
    copy(recipient, clientMsgId, scope, from, at) {
      const e = entries.get(clientMsgId);
      if (!e || e.scope !== scope || e.from !== from) return void unexpected++;
      if (recipient === e.from) return void echoes++;
      if (!e.recipients.has(recipient)) return void unexpected++;
      if (e.receivedBy ? e.receivedBy.has(recipient) : e.copies > 0) return void duplicated++;
      e.receivedBy?.add(recipient);
      e.copies++;
      copiesReceived++;
      deliveryMs.push(at - e.sentAt);
      lastReceivedAt = Math.max(lastReceivedAt, at);
      if (e.copies === e.recipients.size) {
        e.allAt = at;
        allMembersMs.push(at - e.sentAt);
        settle(e);
      }
    },
    unexpected: () => void unexpected++,
    error(code) {
      errors[code] = (errors[code] ?? 0) + 1;
    },
    outstanding: () => outstanding,
    result() {
      let acked = 0;
      let complete = 0;
      let copiesDue = 0;
      let lost = 0;
      const ackMs: number[] = [];
      for (const e of entries.values()) {
        copiesDue += e.recipients.size;
        if (e.ackAt > 0) (acked++, ackMs.push(e.ackAt - e.sentAt), (lost += e.recipients.size - e.copies));
        if (e.allAt > 0) complete++;
      }
      return {
        sent: entries.size,
        acked,
        complete,
        copiesDue,
        copiesReceived,
        lost,
        unacked: entries.size - acked,
        duplicated,
        outOfOrder,
        gaps,
        unexpected,
        echoes,
        errors,
        ackMs,
        deliveryMs,
        allMembersMs,
        firstSentAt: Number.isFinite(firstSentAt) ? firstSentAt : 0,
        lastReceivedAt,
      };
    },
  };
}
