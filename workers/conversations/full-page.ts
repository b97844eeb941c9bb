// History pages with "delete for me" applied: hidden entries are left out *while* paging, so a page
// holds `limit` shown entries (or reaches the beginning) instead of coming out short or empty while
// older messages exist. Shared by 1:1 history, group history and the conversation list.
import { isShown, type HiddenFilter } from "../../durable-objects/user-session/hidden";
import { HISTORY_LIMIT_MAX } from "../../protocol/history";

/** One unfiltered page, newest first, and where the next (older) one starts (null: the beginning). */
export interface RawPage<T> {
  entries: T[];
  nextBefore: number | null;
}

/** Reads one unfiltered page of at most `limit` entries below `before`. */
export type PageReader<T> = (before: number | undefined, limit: number) => Promise<RawPage<T>>;

/**
 * Unfiltered pages read per request at most: a conversation where the user hid a long run of
 * messages then answers a short page with a correct nextBefore rather than reading on unbounded.
 */
export const MAX_READS_PER_PAGE = 4;

type Entry = { seq: number; messageId: string | null };

/**
 * Up to `limit` entries shown to the user (by `hidden`, and `keep` if given), newest first.
 * nextBefore is where the next page starts: below the oldest entry returned when a further shown
 * entry was seen, else the unfiltered reader's own continuation (null at the beginning, or when
 * everything older is hidden by a "hide all").
 */
export async function shownPage<T extends Entry>(
  read: PageReader<T>,
  hidden: HiddenFilter,
  before: number | undefined,
  limit: number,
  keep: (entry: T) => boolean = () => true,
): Promise<RawPage<T>> {
  // Each read asks for enough rows to cover the messages hidden one by one, within the usual cap.
  const readSize = Math.max(limit, Math.min(HISTORY_LIMIT_MAX, limit + hidden.messageIds.length));
  const shown: T[] = [];
  let cursor = before;
  for (let reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
    const page = await read(cursor, readSize);
    for (const entry of page.entries) {
      if (!isShown(hidden, entry) || !keep(entry)) continue;
      // A further shown entry exists: the next page starts below the last one returned.
      if (shown.length === limit) return { entries: shown, nextBefore: shown[limit - 1]!.seq };
      shown.push(entry);
    }
    // Everything at or below the "hide all" mark is hidden: no need to read it.
    const next = page.nextBefore !== null && page.nextBefore > hidden.upToSeq + 1 ? page.nextBefore : null;
    if (next === null || shown.length === limit) return { entries: shown, nextBefore: next };
    cursor = next;
  }
  return { entries: shown, nextBefore: cursor ?? null };
}
