// The /v1/search routes of the typed HTTP client: message search over the caller's 1:1
// conversations and current groups, newest first, one page per call (pass `nextCursor` back).
import type { HttpTransport } from "./http-request";
import { text } from "./http-params";

export function searchRoutes(t: HttpTransport) {
  const search = t.api.v1.search;

  return {
    /**
     * One page of messages matching every word of `q` (words of 3+ characters; the last may be a
     * prefix; CJK text matches as substrings). QUERY_TOO_SHORT when no word is long enough.
     */
    searchMessages: (q: string, page: { limit?: number; cursor?: string } = {}) =>
      t.json(search.messages.$get({ query: { q, limit: text(page.limit), cursor: page.cursor } })),
  };
}
