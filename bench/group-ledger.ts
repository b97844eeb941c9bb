// Bookkeeping for a group load phase, on the load generator's one clock: every group_send, its
// group_sent and every member's copy, so the phase can prove each member got each acked message
// exactly once and in the group's seq order. A copy is (message, recipient); the sender's own
// device gets its copy too (the echo): counted apart, never required.
import type { GroupMessage } from "../protocol/groups";
import type { Tracker } from "./sockets";

interface Entry {
  groupId: string;
  from: number;
  /** The members expected to receive it (the sender excluded). */
  members: ReadonlySet<number>;
  sentAt: number;
  ackAt: number;
  received: Set<number>;
  /** When the last expected member got it (0 until then). */
  allAt: number;
}

export interface GroupLedgerResult {
  sent: number;
  acked: number;
  /** Messages every expected member received. */
  complete: number;
  /** Copies due: Σ members other than the sender, over the messages sent. */
  copiesDue: number;
  copiesReceived: number;
  /** Copies of acked messages that never reached their member. */
  lost: number;
  /** Sent but never acked: refused (error frame) or timed out. */
  unacked: number;
  /** A member receiving a message again (the echo to the sender counted as one copy too). */
  duplicated: number;
  /** A group entry whose seq is not above the last one that member saw of that group. */
  outOfOrder: number;
  /** A group entry more than one above the last: something in between is missing. */
  gaps: number;
  /** Messages of this group from an earlier phase or unknown, or reaching a non-member. */
  unexpected: number;
  /** Senders' own copies (their devices' echo). */
  echoes: number;
  errors: Record<string, number>;
  ackMs: number[];
  /** Per copy: send to that member's receipt. */
  deliveryMs: number[];
  /** Per complete message: send to the last member's receipt. */
  allMembersMs: number[];
  firstSentAt: number;
  lastReceivedAt: number;
}

export interface GroupLedger extends Tracker {
  record(clientMsgId: string, groupId: string, from: number, members: ReadonlySet<number>): void;
  /** Messages still missing their ack or a member's copy. */
  outstanding(): number;
  result(): GroupLedgerResult;
}

/** The newest seq each member saw of each group (`<uid>|<groupId>`), kept across phases. */
export type GroupPositions = Map<string, number>;

/** `onComplete(groupId)` runs when a message has its ack and every member's copy (window control). */
export function createGroupLedger(positions: GroupPositions, onComplete: (groupId: string) => void = () => {}): GroupLedger {
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
    if (e.ackAt > 0 && e.allAt > 0) (outstanding--, onComplete(e.groupId));
  };
  const checkOrder = (recipient: number, groupId: string, seq: number) => {
    const key = `${recipient}|${groupId}`;
    const last = positions.get(key) ?? 0;
    if (seq <= last) return void outOfOrder++;
    if (seq > last + 1 && last > 0) gaps++;
    positions.set(key, seq);
  };
  const onCopy = (recipient: number, m: GroupMessage, at: number) => {
    const e = entries.get(m.clientMsgId);
    if (!e || e.groupId !== m.groupId || e.from !== m.from) return void unexpected++;
    if (recipient === e.from) return void echoes++;
    if (!e.members.has(recipient)) return void unexpected++;
    if (e.received.has(recipient)) return void duplicated++;
    e.received.add(recipient);
    copiesReceived++;
    deliveryMs.push(at - e.sentAt);
    lastReceivedAt = Math.max(lastReceivedAt, at);
    if (e.received.size === e.members.size) {
      e.allAt = at;
      allMembersMs.push(at - e.sentAt);
      settle(e);
    }
  };
  return {
    record(clientMsgId, groupId, from, members) {
      const sentAt = performance.now();
      firstSentAt = Math.min(firstSentAt, sentAt);
      const expected = new Set(members);
      expected.delete(from);
      entries.set(clientMsgId, { groupId, from, members: expected, sentAt, ackAt: 0, received: new Set(), allAt: 0 });
      outstanding++;
    },
    onAck() {},
    onMessage: () => void unexpected++,
    onGroupAck(clientMsgId, _seq, at) {
      const e = entries.get(clientMsgId);
      if (!e || e.ackAt > 0) return;
      e.ackAt = at;
      settle(e);
    },
    onGroupEntry(recipient, groupId, seq, message, at) {
      checkOrder(recipient, groupId, seq);
      if (message) onCopy(recipient, message, at);
    },
    onError(code) {
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
        copiesDue += e.members.size;
        if (e.ackAt > 0) (acked++, ackMs.push(e.ackAt - e.sentAt), (lost += e.members.size - e.received.size));
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
