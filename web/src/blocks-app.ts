// Blocking, for the page's controller: block a friend (the friendship and pending requests end,
// their messages and requests are refused without telling them), the block list, and unblock
// (they may send requests again; the friendship is not restored).
import type { HttpClient } from "../../client";
import type { BlockedUser } from "../../protocol/blocks";
import type { ChatState } from "./state";

export interface BlocksDeps {
  state: ChatState;
  http: HttpClient;
  api: <T>(run: () => Promise<T>) => Promise<T>;
  changed: () => void;
}

export type BlocksApp = ReturnType<typeof createBlocksApp>;

export function createBlocksApp({ state, http, api, changed }: BlocksDeps) {
  return {
    /** Errors are thrown for the caller to show. */
    async block(uid: number): Promise<void> {
      await api(() => http.blockUser(uid));
      // The friend_removed event follows; the conversation closes now, not a moment later.
      state.friends.delete(uid);
      for (const map of [state.incoming, state.outgoing])
        for (const [id, r] of map) if (r.from.id === uid || r.to.id === uid) map.delete(id);
      if (state.openPeer === uid) state.openPeer = undefined;
      changed();
    },
    unblock: (uid: number): Promise<void> => api(() => http.unblockUser(uid)),
    list: (): Promise<BlockedUser[]> => api(() => http.listBlocked()),
  };
}
