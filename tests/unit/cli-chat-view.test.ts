// What `npm run cli -- chat` prints (cli/chat/chat-view.ts): history with receipt marks, acks,
// incoming messages marked read, receipts, recalls, presence, and no message shown twice.
import { describe, expect, it } from "vitest";
import type { HistoryMessage, SentFrame } from "../../client";
import type { Friend } from "../../protocol/events";
import { createChatView } from "../../cli/chat/chat-view";
import { ALICE, BOB } from "./client-fake-socket";

const CONV = `${ALICE}:${BOB}`;
const AT = "2026-11-23T09:00:00.000Z";
const bob: Friend = { id: BOB, username: "bob", nickname: "bob", avatarUrl: null, bio: "", alias: "Bobby", presence: "online" };

const stored = (seq: number, from: number, status: HistoryMessage["status"], body: string | null = `m${seq}`): HistoryMessage => ({
  messageId: `id${seq}`,
  conversation: CONV,
  seq,
  from,
  to: from === ALICE ? BOB : ALICE,
  clientMsgId: `c${seq}`,
  body,
  status,
  sentAt: AT,
  deliveredAt: null,
  readAt: null,
  recalledAt: null,
});
const message = (eseq: number, seq: number, from: number, clientMsgId = `c${seq}`) => ({
  eseq,
  type: "message" as const,
  message: {
    messageId: `id${seq}`,
    conversation: CONV,
    seq,
    from,
    to: from === ALICE ? BOB : ALICE,
    clientMsgId,
    body: `m${seq}`,
    sentAt: AT,
  },
});
/** Lines without the local-time prefix, which depends on the machine's time zone. */
const strip = (lines: string[]) => lines.map((l) => l.replace(/^\d\d:\d\d:\d\d /, ""));

describe("chat view", () => {
  it("shows history oldest first with marks on our own messages", () => {
    const view = createChatView(ALICE, bob, [bob]);
    const lines = view.history([stored(3, ALICE, "recalled", null), stored(2, BOB, "read"), stored(1, ALICE, "read")]);
    expect(strip(lines)).toEqual(["you: m1  #1 ✓✓ read", "bob (Bobby): m2  #2", "you: (recalled)  #3"]);
    expect(view.lastOwn()).toEqual({ messageId: "id1", seq: 1 });
  });

  it("shows each message once: history, our own echo and a resent event are skipped", () => {
    const view = createChatView(ALICE, bob, [bob]);
    view.history([stored(1, BOB, "delivered")]);
    expect(view.event(message(1, 1, BOB)).lines).toEqual([]);
    view.sending("mine");
    expect(view.event(message(2, 2, ALICE, "mine")).lines).toEqual([]);
    const ack: SentFrame = { type: "sent", clientMsgId: "mine", messageId: "id2", seq: 2, to: BOB, sentAt: AT };
    expect(strip([view.sent(ack, "m2")])).toEqual(["you: m2  #2 ✓"]);
    const incoming = view.event(message(3, 3, BOB));
    expect(strip(incoming.lines)).toEqual(["bob (Bobby): m3  #3"]);
    expect(incoming.readUpTo).toBe(3);
    expect(strip(view.event(message(4, 4, ALICE, "other-device")).lines)).toEqual(["you: m4  #4 ✓ (from another device)"]);
  });

  it("shows receipts, recalls and presence for this conversation only, and skips old friend news", () => {
    const view = createChatView(ALICE, bob, [bob]);
    const receipt = { eseq: 1, type: "receipt" as const, kind: "read" as const, conversation: CONV, peerId: BOB, upToSeq: 4, at: AT };
    expect(view.event(receipt).lines).toEqual(["         ✓✓ read by bob (Bobby) up to #4"]);
    expect(view.event({ ...receipt, kind: "delivered" }).lines).toEqual(["         ✓✓ delivered up to #4"]);
    expect(view.event(receipt, true).lines).toEqual([]);
    expect(view.event({ ...receipt, conversation: "1:2" }).lines).toEqual([]);
    expect(strip(view.event({ eseq: 2, type: "recall", messageId: "x", conversation: CONV, seq: 5, by: BOB, at: AT }).lines)).toEqual([
      "bob (Bobby) recalled #5",
    ]);
    expect(view.event({ type: "presence", uid: BOB, presence: "busy" }).lines).toEqual(["         bob (Bobby) is now busy"]);
    expect(view.event({ type: "presence", uid: 123456789, presence: "busy" }).lines).toEqual([]);
    const added = {
      eseq: 3,
      type: "friend_added" as const,
      friend: { ...bob, id: 123456789, username: "carol", nickname: "carol", alias: "" },
    };
    expect(view.event(added, true).lines).toEqual([]);
    expect(view.event(added).lines).toEqual(["carol is now your friend."]);
  });

  it("a recall removes the message from what /recall would take back next", () => {
    const view = createChatView(ALICE, bob, [bob]);
    view.history([stored(2, ALICE, "sent"), stored(1, ALICE, "read")]);
    view.event({ eseq: 1, type: "recall", messageId: "id2", conversation: CONV, seq: 2, by: ALICE, at: AT });
    expect(view.lastOwn()).toEqual({ messageId: "id1", seq: 1 });
  });

  it("knows the message behind each #seq it showed, for /hide #seq", () => {
    const view = createChatView(ALICE, bob, [bob]);
    view.history([stored(2, BOB, "sent"), stored(1, ALICE, "read")]);
    view.event(message(1, 3, BOB));
    expect([1, 2, 3, 4].map((seq) => view.messageAt(seq))).toEqual(["id1", "id2", `id3`, undefined]);
  });
  it("says whether the friend removed us or deleted their account", () => {
    const view = createChatView(ALICE, bob, [bob]);
    const removed = { eseq: 9, type: "friend_removed" as const, friendId: BOB };
    expect(view.event(removed).lines).toEqual(["bob (Bobby) is no longer your friend; messages will be refused."]);
    expect(view.event({ ...removed, eseq: 10, accountDeleted: true as const }).lines).toEqual([
      "bob (Bobby) deleted their account; messages will be refused.",
    ]);
    expect(view.event({ ...removed, eseq: 11, friendId: 123456789 }).lines).toEqual([]);
  });
});
