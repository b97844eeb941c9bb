// A member's unread and mention counts in one group, as a small value kept in the group's row
// (group-membership.ts): the unread messages themselves (seq and what they count for), so a read
// up to a seq and a recall of one message take exactly their part off. Pure functions.
//
// Only the newest RECENT_MAX entries are kept one by one; older ones fold into totals with the
// highest seq among them. A read past that seq clears them; a read below it, or a recall of a
// folded message, cannot say which of them it covers and leaves the totals (an overcount only for
// a member with more than RECENT_MAX unread in one group, until they read further).

/** Kept one by one: enough for every recall within the window in all but the busiest groups. */
export const RECENT_MAX = 200;

/** What an unread message counts for. */
export const COUNTS = { unread: 1, mention: 2 } as const;

export interface UnreadMarks {
  /** [seq, flags], ascending by seq, flags a mix of COUNTS. */
  recent: [number, number][];
  /** Entries folded out of `recent`: their totals and the highest seq among them (0: none). */
  older: { unread: number; mentions: number; upToSeq: number };
}

export const noMarks = (): UnreadMarks => ({ recent: [], older: { unread: 0, mentions: 0, upToSeq: 0 } });

export function parseMarks(raw: string | null): UnreadMarks {
  if (!raw) return noMarks();
  try {
    const parsed = JSON.parse(raw) as UnreadMarks;
    return Array.isArray(parsed.recent) && parsed.older ? parsed : noMarks();
  } catch {
    return noMarks();
  }
}

export function counts(marks: UnreadMarks): { unread: number; mentions: number } {
  let unread = marks.older.unread;
  let mentions = marks.older.mentions;
  for (const [, flags] of marks.recent) {
    if (flags & COUNTS.unread) unread++;
    if (flags & COUNTS.mention) mentions++;
  }
  return { unread, mentions };
}

/** Adds an unread message (flags non-zero); a seq already there is not added twice. */
export function addUnread(marks: UnreadMarks, seq: number, flags: number): UnreadMarks {
  if (flags === 0 || seq <= marks.older.upToSeq || marks.recent.some(([s]) => s === seq)) return marks;
  const recent = [...marks.recent, [seq, flags] as [number, number]].sort((a, b) => a[0] - b[0]);
  const older = { ...marks.older };
  while (recent.length > RECENT_MAX) {
    const [s, f] = recent.shift()!;
    if (f & COUNTS.unread) older.unread++;
    if (f & COUNTS.mention) older.mentions++;
    older.upToSeq = Math.max(older.upToSeq, s);
  }
  return { recent, older };
}

/** Everything up to `upToSeq` is read. */
export function readUpTo(marks: UnreadMarks, upToSeq: number): UnreadMarks {
  const older = upToSeq >= marks.older.upToSeq ? noMarks().older : marks.older;
  return { recent: marks.recent.filter(([s]) => s > upToSeq), older };
}

/** A recalled message no longer counts (if it was kept one by one). */
export function forget(marks: UnreadMarks, seq: number): UnreadMarks {
  return { recent: marks.recent.filter(([s]) => s !== seq), older: marks.older };
}
