// What `npm run cli -- group chat` prints (cli/chat/group-view.ts): history with system entries,
// sender names and highlighted mentions, our own echo shown once, "read by N of M" marks, changes
// that end the session, and notices about other conversations.
import { describe, expect, it } from "vitest";
import type { GroupHistoryEntry, GroupMessage, GroupSentFrame } from "../../client";
import { createGroupView, describeChange, renderMentions } from "../../cli/chat/group-view";
import { ALICE, BOB } from "./client-fake-socket";

const GID = "g0123456789abcdefghij";
const CAROL = 612345789;
const AT = "2026-11-30T09:00:00.000Z";
const names = { name: (uid: number) => (uid === ALICE ? "you" : uid === BOB ? "bob" : uid === CAROL ? "carol" : String(uid)) };
const view = () => createGroupView({ me: ALICE, groupId: GID, names, highlight: (t) => `[${t}]`, groupName: () => "book club" });
/** Lines without the local-time prefix, which depends on the machine's time zone. */
const strip = (lines: string[]) => lines.map((l) => l.replace(/^\d\d:\d\d:\d\d /, ""));

const entry = (seq: number, from: number, body: string | null, more: Partial<GroupHistoryEntry> = {}): GroupHistoryEntry => ({
  seq,
  kind: "message",
  messageId: `gm${seq}`,
  from,
  body,
  mentions: [],
  mentionsAll: false,
  change: null,
  sentAt: AT,
  recalledAt: body === null ? AT : null,
  ...more,
});
const message = (seq: number, from: number, more: Partial<GroupMessage> = {}) => ({
  eseq: seq,
  type: "group_message" as const,
  message: {
    messageId: `gm${seq}`,
    groupId: GID,
    seq,
    from,
    clientMsgId: `c${seq}`,
    body: `m${seq}`,
    mentions: [],
    mentionsAll: false,
    sentAt: AT,
    ...more,
  },
});

describe("group chat view", () => {
  it("shows history oldest first: system entries, names, mentions, our ✓ and recalled messages", () => {
    const v = view();
    const lines = v.history([
      entry(4, ALICE, null),
      entry(3, ALICE, "see you @517204938", { mentions: [BOB] }),
      entry(2, BOB, `@${ALICE} and @all: hi`, { mentions: [ALICE], mentionsAll: true }),
      entry(1, BOB, null, { kind: "change", messageId: null, change: { kind: "created", name: "hikers" }, recalledAt: null }),
    ]);
    expect(strip(lines)).toEqual([
      `* bob created the group "hikers"  #1`,
      "bob: [@you] and [@all]: hi  #2",
      "you: see you [@bob]  #3 ✓",
      "you: (recalled)  #4",
    ]);
    expect(v.lastOwn()).toEqual({ messageId: "gm3", seq: 3 });
    expect(v.ownSeqs()).toEqual([3]);
  });

  it("shows each message once, marks others' read, and our echo only from another device", () => {
    const v = view();
    v.history([entry(1, BOB, "old")]);
    expect(v.event(message(1, BOB)).lines).toEqual([]);
    v.sending("mine");
    expect(v.event(message(2, ALICE, { clientMsgId: "mine" })).lines).toEqual([]);
    const ack: GroupSentFrame = { type: "group_sent", clientMsgId: "mine", messageId: "gm2", groupId: GID, seq: 2, sentAt: AT };
    expect(strip([v.sent(ack, "m2")])).toEqual(["you: m2  #2 ✓"]);
    const incoming = v.event(message(3, CAROL, { body: `@${ALICE} look`, mentions: [ALICE] }));
    expect(strip(incoming.lines)).toEqual(["carol: [@you] look  #3"]);
    expect(incoming.readUpTo).toBe(3);
    expect(strip(v.event(message(4, ALICE, { clientMsgId: "phone" })).lines)).toEqual(["you: m4  #4 ✓ (from another device)"]);
  });

  it("prints read-by-N-of-M once per change, and skips old receipts", () => {
    const v = view();
    const receipts = (readBy: number, backlog = false) =>
      v.event({ eseq: 9, type: "group_receipts", groupId: GID, members: 3, counts: [{ seq: 2, deliveredTo: 3, readBy }], at: AT }, backlog);
    expect(receipts(0).lines).toEqual(["         #2 delivered to 3 of 3"]);
    expect(receipts(0).lines).toEqual([]);
    expect(receipts(2).lines).toEqual(["         #2 read by 2 of 3"]);
    expect(receipts(3, true).lines).toEqual([]);
    expect(v.receipts(3, [{ seq: 5, deliveredTo: 1, readBy: 1 }])).toEqual(["         #5 read by 1 of 3"]);
  });

  it("shows a change once when it is both in the history and still queued for this device", () => {
    const v = view();
    const created = { kind: "created" as const, name: "book club" };
    expect(v.history([entry(1, BOB, null, { kind: "change", messageId: null, change: created, recalledAt: null })])).toHaveLength(1);
    const replayed = v.event({
      eseq: 1,
      type: "group_change",
      groupId: GID,
      seq: 1,
      by: BOB,
      change: created,
      group: {} as never,
      at: AT,
    } as never);
    expect(replayed.lines).toEqual([]);
  });

  it("shows changes, ends on our removal or the group's end, and notes other conversations", () => {
    const v = view();
    let seq = 6;
    const change = (c: object, by = BOB) =>
      v.event({ eseq: 5, type: "group_change", groupId: GID, seq: ++seq, by, change: c, group: {} as never, at: AT } as never);
    expect(strip(change({ kind: "members_added", uids: [CAROL, 700000001] }).lines)).toEqual(["* bob added carol, 700000001  #7"]);
    expect(change({ kind: "role", uid: CAROL, role: "admin" }).ended).toBe(false);
    expect(change({ kind: "left", uid: CAROL }, CAROL).ended).toBe(false);
    const removed = change({ kind: "removed", uid: ALICE });
    expect(strip(removed.lines)).toEqual(["* bob removed you  #10"]);
    expect(removed.ended).toBe(true);
    expect(change({ kind: "dissolved" }).ended).toBe(true);

    const elsewhere = v.event(message(8, BOB, { groupId: "gabcdefghij0123456789", mentions: [ALICE], body: "ping" }));
    expect(elsewhere.lines).toEqual(['(bob mentioned you in book club: "ping" — `npm run cli -- group chat gabcdefghij0123456789`)']);
    expect(v.event(message(9, BOB, { groupId: "gabcdefghij0123456789" })).lines).toEqual([]);
    expect(strip(v.event({ eseq: 10, type: "group_recall", groupId: GID, messageId: "x", seq: 6, by: BOB, at: AT }).lines)).toEqual([
      "bob recalled #6",
    ]);
  });

  it("words every kind of change", () => {
    expect(describeChange({ kind: "owner", uid: CAROL, previous: BOB }, BOB, names)).toBe("carol is now the owner (was bob)");
    expect(describeChange({ kind: "joined_by_link", uid: CAROL }, CAROL, names)).toBe("carol joined with an invite link");
    expect(describeChange({ kind: "settings", membersCanInvite: true }, BOB, names)).toBe("bob let every member invite");
    const mark = (t: string) => `<${t}>`;
    expect(renderMentions("@123 @all@517204938 @612345789", names, mark, { uids: [BOB], all: true })).toBe("@123 <@all><@bob> @carol");
    expect(renderMentions("@all: hi", names, mark, { uids: [], all: false })).toBe("@all: hi");
  });

  it("shows edits and who is typing in this group only, and knows each shown #seq for /hide", () => {
    const v = view();
    v.history([entry(2, BOB, "hi"), entry(1, ALICE, "hello")]);
    v.event(message(3, BOB));
    const edit = { eseq: 4, type: "group_edit" as const, groupId: GID, messageId: "gm2", seq: 2, body: `hi @${CAROL}`, editedAt: AT };
    expect(strip(v.event(edit).lines)).toEqual(["#2 edited: hi @carol"]);
    expect(v.event({ ...edit, groupId: "gabcdefghij0123456789" }).lines).toEqual([]);
    const typing = { type: "typing" as const, from: BOB, groupId: GID, expiresInMs: 5000 };
    expect(v.event(typing).lines).toEqual(["         bob is typing…"]);
    expect(v.event({ ...typing, from: ALICE }).lines).toEqual([]);
    expect(v.event({ ...typing, groupId: "gabcdefghij0123456789" }).lines).toEqual([]);
    expect(v.event({ type: "typing", from: BOB, to: ALICE, expiresInMs: 5000 }).lines).toEqual([]);
    expect([1, 2, 3, 4].map((seq) => v.messageAt(seq))).toEqual(["gm1", "gm2", "gm3", undefined]);
  });
});
