// The bench's 1:1 ledger (bench/ledger.ts) decides whether `npm run bench` passes its chat
// phases: each acked message reaches its recipient exactly once, in the conversation's seq order.
import { describe, expect, it } from "vitest";
import { createLedger } from "../../bench/ledger";
import type { ChatMessage } from "../../protocol/events";

const [A, B] = [100_000_001, 100_000_002];
const CONVERSATION = `${A}:${B}`;

const message = (clientMsgId: string, seq: number, from = A, to = B): ChatMessage =>
  ({
    messageId: `m-${clientMsgId}`,
    conversation: CONVERSATION,
    seq,
    from,
    to,
    clientMsgId,
    body: "x",
    sentAt: new Date(0).toISOString(),
  }) as ChatMessage;

describe("bench 1:1 ledger", () => {
  it("completes a message once it is acked and received, in either order, and tells the window its sender", () => {
    const completed: number[] = [];
    const ledger = createLedger({ lastSeq: new Map() }, (from) => completed.push(from));
    ledger.record("m1", A, B);
    ledger.record("m2", A, B);
    ledger.onAck("m1", 1);
    ledger.onMessage(B, message("m2", 2), 2);
    expect(ledger.outstanding()).toBe(2);
    ledger.onMessage(B, message("m1", 1), 3);
    ledger.onAck("m2", 4);
    expect(ledger.outstanding()).toBe(0);
    expect(completed).toEqual([A, A]);
    expect(ledger.result()).toMatchObject({ sent: 2, acked: 2, received: 2, lost: 0, unacked: 0, duplicated: 0, lastReceivedAt: 3 });
    expect(ledger.result().deliveryMs).toHaveLength(2);
    expect(ledger.result().ackMs).toHaveLength(2);
  });

  it("counts a second receipt as duplicated, an acked message never received as lost, one never acked as unacked", () => {
    const ledger = createLedger({ lastSeq: new Map() });
    ledger.record("m1", A, B);
    ledger.record("m2", A, B);
    ledger.record("m3", A, B);
    ledger.onAck("m1", 1);
    ledger.onMessage(B, message("m1", 1), 2);
    ledger.onMessage(B, message("m1", 1), 3);
    ledger.onAck("m2", 4);
    ledger.onError("RATE_LIMITED");
    expect(ledger.outstanding()).toBe(2);
    expect(ledger.result()).toMatchObject({
      sent: 3,
      acked: 2,
      received: 1,
      lost: 1,
      unacked: 1,
      duplicated: 1,
      outOfOrder: 1,
      errors: { RATE_LIMITED: 1 },
    });
  });

  it("counts a receipt that names another sender, or a message it did not send, as unexpected, not received", () => {
    const ledger = createLedger({ lastSeq: new Map() });
    ledger.record("m1", A, B);
    ledger.onMessage(B, message("m1", 1, B, A), 1);
    ledger.onMessage(B, message("other", 2), 2);
    expect(ledger.result()).toMatchObject({ received: 0, unexpected: 2 });
  });

  it("checks each recipient's seq order per conversation across phases and counts a skipped seq as a gap", () => {
    const conversations = { lastSeq: new Map<string, number>() };
    const earlier = createLedger(conversations);
    earlier.onMessage(B, message("old", 1), 0);
    const ledger = createLedger(conversations);
    ledger.record("m2", A, B);
    ledger.record("m3", A, B);
    ledger.onMessage(B, message("m3", 3), 1);
    ledger.onMessage(B, message("m2", 2), 2);
    expect(earlier.result().unexpected).toBe(1);
    expect(ledger.result()).toMatchObject({ gaps: 1, outOfOrder: 1, unexpected: 0, received: 2 });
  });
});
