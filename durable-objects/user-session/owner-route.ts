// The one place the ownership rule is applied: an owner-side operation on the conversation with
// `peer` runs here when this object owns it (the smaller uid) and through the peer's object
// otherwise. Callers (send, recall, receipts) say what to do, not where.
import { enqueueCall, type ReceiptUpdate } from "./call-queue";
import { conversationOwner, type EditVerdict, type NewMessage, type RecallVerdict, type StoreVerdict } from "./conversation-log";
import type { ObjectServices } from "./object-services";
import { applyReceiptAsOwner, editAsOwner, emitMessage, recallAsOwner, storeAsOwner } from "./owner";

/** The owner's object did not answer: whether it stored anything is unknown, so the client retries. */
export class OwnerUnreachable extends Error {}

export interface OwnerSide {
  /**
   * Stores a message at the owner (it assigns the seq); `record` then runs in this object's own
   * transaction with the stored message (in the owner's transaction when that is this object).
   */
  store(input: NewMessage, record: (stored: Extract<StoreVerdict, { ok: true }>) => void): Promise<StoreVerdict>;
  recall(messageId: string, by: number): Promise<RecallVerdict>;
  edit(messageId: string, by: number, body: string): Promise<EditVerdict>;
  /** Inside a transaction: applied at once here, or queued for the owner in the same transaction. */
  receipt(update: ReceiptUpdate): void;
}

export function toOwner(s: ObjectServices, peer: number): OwnerSide {
  return conversationOwner(s.uid, peer) === s.uid ? here(s) : there(s, peer);
}

function here(s: ObjectServices): OwnerSide {
  return {
    store: (input, record) =>
      s.commit(() => {
        const verdict = storeAsOwner(s, input);
        if (verdict.ok) record(verdict);
        return verdict;
      }),
    recall: (messageId, by) => s.commit(() => recallAsOwner(s, messageId, by)),
    edit: (messageId, by, body) => s.commit(() => editAsOwner(s, messageId, by, body)),
    receipt: (update) => applyReceiptAsOwner(s, update),
  };
}

function there(s: ObjectServices, owner: number): OwnerSide {
  return {
    async store(input, record) {
      const verdict = await s
        .userStub(owner)
        .acceptMessage(input)
        .catch((err: unknown) => {
          throw new OwnerUnreachable(String(err));
        });
      // The echo to this user's devices goes in with the record of the send: both or neither, so
      // a retry (no record found) appends it then, and the event key keeps it single.
      if (verdict.ok)
        await s.commit(() => {
          record(verdict);
          emitMessage(s, s.uid, verdict.message);
        });
      return verdict;
    },
    recall: (messageId, by) => s.userStub(owner).recallAsOwner(messageId, by),
    edit: (messageId, by, body) => s.userStub(owner).editAsOwner(messageId, by, body),
    receipt: (update) => enqueueCall(s.sql, owner, "applyReceipt", [update]),
  };
}
