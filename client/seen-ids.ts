// A bounded memory of ids already handled, oldest forgotten first: dedupes `message` events by
// messageId across reconnects (a resend under a new eseq, or a device that lost its cursor).

export interface SeenIds {
  /** True the first time `id` is offered, false for every repeat still remembered. */
  firstTime(id: string): boolean;
  readonly size: number;
}

export const DEFAULT_SEEN_LIMIT = 10_000;

export function createSeenIds(limit = DEFAULT_SEEN_LIMIT): SeenIds {
  // A Set iterates in insertion order, so its first element is always the oldest.
  const ids = new Set<string>();
  return {
    firstTime(id) {
      if (ids.has(id)) return false;
      ids.add(id);
      if (ids.size > limit) ids.delete(ids.values().next().value!);
      return true;
    },
    get size() {
      return ids.size;
    },
  };
}
