// Message search for the page's controller: pages of hits (GET /v1/search/messages, newest first)
// and the jump to one hit: open its conversation, page its history back until the message is on
// the page (contiguous with what is loaded, so scrolling stays whole), and ask the view to scroll
// to it and highlight it (state.jump).
import type { HttpClient } from "../../client";
import { HISTORY_LIMIT_MAX } from "../../protocol/history";
import type { MessageSearchHit } from "../../protocol/search";
import { addGroupHistory, groupConv } from "./group-state";
import { addHistory, conversation, type ChatState } from "./state";

/** Messages shown before the hit, so it is read in context. */
const CONTEXT = 5;
/** History pages one jump may load (HISTORY_LIMIT_MAX each) before it gives up. */
const MAX_PAGES = 20;

export interface SearchResults {
  q: string;
  hits: MessageSearchHit[];
  nextCursor: string | null;
}

export interface MessageSearchDeps {
  state: ChatState;
  http: HttpClient;
  api: <T>(run: () => Promise<T>) => Promise<T>;
  openPeer: (peerId: number) => Promise<void>;
  openGroup: (groupId: string) => Promise<void>;
  /** Names of people the hits mention who are not friends. */
  learnNames: (uids: number[]) => void;
  changed: () => void;
}

export type MessageSearchApp = ReturnType<typeof createMessageSearchApp>;

export function createMessageSearchApp({ state, http, api, openPeer, openGroup, learnNames, changed }: MessageSearchDeps) {
  async function page(q: string, cursor?: string): Promise<SearchResults> {
    const reply = await api(() => http.searchMessages(q, { cursor }));
    learnNames(reply.hits.flatMap((hit) => (hit.kind === "direct" ? [hit.from, hit.peerId] : [hit.from])));
    return { q, hits: reply.hits, nextCursor: reply.nextCursor };
  }

  /** Pages a conversation's history back until `seq` is loaded (or nothing older is left). */
  async function loadUntil(hit: MessageSearchHit): Promise<boolean> {
    for (let i = 0; i < MAX_PAGES; i++) {
      if (hit.kind === "direct") {
        const conv = conversation(state, hit.peerId);
        if ([...conv.messages.values()].some((m) => m.seq !== undefined && m.seq <= hit.seq)) return true;
        if (conv.nextBefore === null) return false;
        const before = conv.nextBefore ?? hit.seq + CONTEXT + 1;
        const limit = Math.min(HISTORY_LIMIT_MAX, Math.max(1, before - hit.seq + CONTEXT));
        const reply = await api(() => http.history(hit.peerId, { before, limit }));
        addHistory(state, hit.peerId, reply.messages, reply.nextBefore);
      } else {
        const conv = groupConv(state, hit.groupId);
        if ([...conv.entries.values()].some((e) => e.seq !== undefined && e.seq <= hit.seq)) return true;
        if (conv.nextBefore === null) return false;
        const before = conv.nextBefore ?? hit.seq + CONTEXT + 1;
        const limit = Math.min(HISTORY_LIMIT_MAX, Math.max(1, before - hit.seq + CONTEXT));
        const reply = await api(() => http.groupHistory(hit.groupId, { before, limit }));
        addGroupHistory(state, hit.groupId, reply.entries, reply.nextBefore);
        learnNames(reply.entries.map((e) => e.from));
      }
      changed();
    }
    return false;
  }

  return {
    /** The first page of hits for `q`; errors (too short, rate limited) are thrown. */
    search: (q: string) => page(q),
    /** The next (older) page after `results`, appended. */
    async more(results: SearchResults): Promise<SearchResults> {
      if (results.nextCursor === null) return results;
      const next = await page(results.q, results.nextCursor);
      return { q: results.q, hits: [...results.hits, ...next.hits], nextCursor: next.nextCursor };
    },
    /**
     * Opens the hit's conversation at the message. Resolves false when it cannot be shown (no
     * longer a friend or a member, or hidden since).
     */
    async jump(hit: MessageSearchHit): Promise<boolean> {
      if (hit.kind === "direct") {
        if (!state.friends.has(hit.peerId)) return false;
        await openPeer(hit.peerId);
      } else await openGroup(hit.groupId);
      const found = await loadUntil(hit);
      state.jump = found ? { conversation: hit.kind === "direct" ? `p:${hit.peerId}` : `g:${hit.groupId}`, seq: hit.seq } : undefined;
      changed();
      return found;
    },
  };
}
