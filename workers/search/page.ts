// One page of search hits: both tables read newest first from the cursor and merged, the
// messages the caller hid ("delete for me") left out, and more read (a bounded number of
// rounds) when hidden ones made the page short.
import { isShown, type HiddenFilter } from "../../durable-objects/user-session/hidden";
import type { MessageSearchReply } from "../../protocol/search";
import type { Db } from "../lib/db";
import { encodeCursor, newerFirst, type SearchPosition } from "./cursor";
import type { MessageMatch } from "./query";
import { searchDirect, searchGroups, type SearchRow } from "./rows";

/** Rounds of reading past hidden hits before a page is served short (its cursor still walks on). */
const MAX_ROUNDS = 4;

/** The newest `n` hits older than `at` across both tables (each table's newest `n` suffice). */
async function readMerged(db: Db, me: number, match: MessageMatch, at: SearchPosition | undefined, n: number): Promise<SearchRow[]> {
  const [direct, group] = await Promise.all([searchDirect(db, me, match, at, n), searchGroups(db, me, match, at, n)]);
  return [...direct, ...group].sort(newerFirst).slice(0, n);
}

export async function searchPage(
  db: Db,
  me: number,
  match: MessageMatch,
  hidden: Record<string, HiddenFilter>,
  cursor: SearchPosition | undefined,
  limit: number,
): Promise<MessageSearchReply> {
  const shown: SearchRow[] = [];
  let at = cursor;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // One more than the page: whether anything is left after it.
    const batch = await readMerged(db, me, match, at, limit + 1);
    const filter = (r: SearchRow) => !hidden[r.conversation] || isShown(hidden[r.conversation]!, { seq: r.seq, messageId: r.id });
    shown.push(...batch.filter(filter));
    if (shown.length > limit) return { hits: shown.slice(0, limit).map((r) => r.hit), nextCursor: encodeCursor(shown[limit - 1]!) };
    if (batch.length <= limit) return { hits: shown.map((r) => r.hit), nextCursor: null };
    at = batch[batch.length - 1]!;
  }
  // Mostly hidden hits: a short page, and the next one goes on from the last row read.
  return { hits: shown.map((r) => r.hit), nextCursor: encodeCursor(at!) };
}
