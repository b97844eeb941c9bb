// The bench's group ledger (bench/group-ledger.ts) decides whether `npm run bench` passes its
// group phases: each member gets each acked message exactly once, in the group's seq order.
import { describe, expect, it } from "vitest";
import { readFlags } from "../../bench/flags";
import { createGroupLedger } from "../../bench/group-ledger";
import type { GroupMessage } from "../../protocol/groups";

const GROUP = "g" + "a".repeat(20);
const [A, B, C] = [100_000_001, 100_000_002, 100_000_003];
const members = new Set([A, B, C]);

const message = (clientMsgId: string, from: number, seq: number): GroupMessage => ({
  messageId: `m-${clientMsgId}`,
  groupId: GROUP as GroupMessage["groupId"],
  seq,
  from,
  clientMsgId,
  body: "x",
  mentions: [],
  mentionsAll: false,
  sentAt: new Date(0).toISOString(),
});

describe("bench group ledger", () => {
  it("completes a message once it is acked and on every member but the sender; the sender's copy is an echo", () => {
    const completed: string[] = [];
    const ledger = createGroupLedger(new Map(), (groupId) => completed.push(groupId));
    ledger.record("m1", GROUP, A, members);
    ledger.onGroupEntry!(B, GROUP, 5, message("m1", A, 5), 1);
    ledger.onGroupEntry!(A, GROUP, 5, message("m1", A, 5), 1);
    ledger.onGroupAck!("m1", 5, 2);
    expect(ledger.outstanding()).toBe(1);
    ledger.onGroupEntry!(C, GROUP, 5, message("m1", A, 5), 3);
    expect(ledger.outstanding()).toBe(0);
    expect(completed).toEqual([GROUP]);
    expect(ledger.result()).toMatchObject({ sent: 1, acked: 1, complete: 1, copiesDue: 2, copiesReceived: 2, lost: 0, echoes: 1 });
  });

  it("counts a member's second copy as duplicated and a copy of an acked message never received as lost", () => {
    const ledger = createGroupLedger(new Map());
    ledger.record("m1", GROUP, A, members);
    ledger.onGroupAck!("m1", 1, 1);
    ledger.onGroupEntry!(B, GROUP, 1, message("m1", A, 1), 2);
    ledger.onGroupEntry!(B, GROUP, 1, message("m1", A, 1), 3);
    expect(ledger.result()).toMatchObject({ duplicated: 1, lost: 1, complete: 0, outOfOrder: 1 });
  });

  it("checks each member's seq order per group across phases, changes included, and counts a skipped seq as a gap", () => {
    const positions = new Map<string, number>();
    const setup = createGroupLedger(positions);
    setup.onGroupEntry!(B, GROUP, 1, undefined, 0);
    const ledger = createGroupLedger(positions);
    ledger.record("m2", GROUP, A, members);
    ledger.record("m3", GROUP, A, members);
    ledger.onGroupEntry!(B, GROUP, 3, message("m3", A, 3), 1);
    ledger.onGroupEntry!(B, GROUP, 2, message("m2", A, 2), 2);
    expect(ledger.result()).toMatchObject({ gaps: 1, outOfOrder: 1 });
  });

  it("completes a group of two on the one other member's copy and counts that member's second copy as duplicated", () => {
    const ledger = createGroupLedger(new Map());
    ledger.record("m1", GROUP, A, new Set([A, B]));
    ledger.onGroupAck!("m1", 1, 1);
    ledger.onGroupEntry!(B, GROUP, 1, message("m1", A, 1), 2);
    expect(ledger.outstanding()).toBe(0);
    ledger.onGroupEntry!(B, GROUP, 2, message("m1", A, 2), 3);
    expect(ledger.result()).toMatchObject({ complete: 1, copiesDue: 1, copiesReceived: 1, duplicated: 1, lost: 0 });
  });

  it("counts messages it did not send, or reaching a non-member, as unexpected", () => {
    const ledger = createGroupLedger(new Map());
    ledger.record("m1", GROUP, A, members);
    ledger.onGroupEntry!(B, GROUP, 1, message("other", A, 1), 1);
    ledger.onGroupEntry!(100_000_009, GROUP, 1, message("m1", A, 1), 1);
    expect(ledger.result().unexpected).toBe(2);
  });
});

describe("bench group flags", () => {
  it("runs 10, 100 and 500 members and 100 groups of 20 by default, small ones in --smoke", () => {
    expect(readFlags([])).toMatchObject({
      groups: true,
      groupSizes: [10, 100, 500],
      groupRate: 5,
      busyGroups: { groups: 100, members: 20 },
    });
    expect(readFlags(["--smoke"])).toMatchObject({ groupSizes: [10], busyGroups: { groups: 4, members: 5 } });
    expect(readFlags(["--no-groups"]).groups).toBe(false);
    expect(readFlags(["--busy-groups", "0"]).busyGroups).toBeUndefined();
  });

  it("refuses sizes past the group cap, malformed busy groups and too many busy members", () => {
    expect(() => readFlags(["--group-sizes", "10,501"])).toThrow(/bound of 500/);
    expect(() => readFlags(["--group-sizes", "1"])).toThrow(/>= 2/);
    expect(() => readFlags(["--busy-groups", "100"])).toThrow(/100x20/);
    expect(() => readFlags(["--busy-groups", "300x20"])).toThrow(/6000 members/);
  });
});
