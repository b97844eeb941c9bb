import { describe, expect, it } from "vitest";
import {
  addUnread,
  counts,
  COUNTS,
  forget,
  noMarks,
  parseMarks,
  readUpTo,
  RECENT_MAX,
  type UnreadMarks,
} from "../../durable-objects/user-session/group-unread";

const both = COUNTS.unread | COUNTS.mention;
const add = (marks: UnreadMarks, ...entries: [number, number][]) => entries.reduce((m, [seq, flags]) => addUnread(m, seq, flags), marks);

describe("a member's unread marks in one group", () => {
  it("counts unread messages and mentions, a muted mention as a mention only", () => {
    const marks = add(noMarks(), [2, COUNTS.unread], [3, both], [5, COUNTS.mention]);
    expect(counts(marks)).toEqual({ unread: 2, mentions: 2 });
  });

  it("adds a seq once and ignores entries that count for nothing", () => {
    const marks = add(noMarks(), [2, COUNTS.unread], [2, COUNTS.unread], [3, 0]);
    expect(counts(marks)).toEqual({ unread: 1, mentions: 0 });
  });

  it("clears up to a read mark and keeps what is after it", () => {
    const marks = readUpTo(add(noMarks(), [2, COUNTS.unread], [3, both], [7, both]), 3);
    expect(counts(marks)).toEqual({ unread: 1, mentions: 1 });
    expect(marks.recent).toEqual([[7, both]]);
  });

  it("takes a recalled message off both counts", () => {
    const marks = forget(add(noMarks(), [2, COUNTS.unread], [3, both]), 3);
    expect(counts(marks)).toEqual({ unread: 1, mentions: 0 });
  });

  it("folds the oldest entries past the cap into totals, cleared by a read past them", () => {
    let marks = noMarks();
    for (let seq = 1; seq <= RECENT_MAX + 10; seq++) marks = addUnread(marks, seq, seq <= 3 ? both : COUNTS.unread);
    expect(marks.recent).toHaveLength(RECENT_MAX);
    expect(marks.older).toEqual({ unread: 10, mentions: 3, upToSeq: 10 });
    expect(counts(marks)).toEqual({ unread: RECENT_MAX + 10, mentions: 3 });
    // A read below the folded seqs cannot say which it covers: the totals stay.
    expect(counts(readUpTo(marks, 5))).toEqual({ unread: RECENT_MAX + 10, mentions: 3 });
    expect(counts(readUpTo(marks, 15))).toEqual({ unread: RECENT_MAX - 5, mentions: 0 });
    // A late add at or below the folded seqs is not counted twice.
    expect(counts(addUnread(marks, 4, COUNTS.unread))).toEqual(counts(marks));
  });

  it("reads back what it wrote, and an empty or broken value as no marks", () => {
    const marks = add(noMarks(), [4, both]);
    expect(parseMarks(JSON.stringify(marks))).toEqual(marks);
    expect(parseMarks("")).toEqual(noMarks());
    expect(parseMarks("{oops")).toEqual(noMarks());
  });
});
