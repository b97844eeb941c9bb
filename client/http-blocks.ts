// The /v1/blocks routes of the typed HTTP client: block, unblock, the block list ({block} and
// {blocks} unwrapped, {ok} as void). A blocked user is never told: nothing here is for them.
import { segment } from "./http-params";
import type { HttpTransport } from "./http-request";

export function blockRoutes(t: HttpTransport) {
  const blocks = t.api.v1.blocks;

  return {
    /** Ends the friendship and pending requests with them; blocking again is harmless. */
    blockUser: async (uid: number) => (await t.json(blocks.$post({ json: { uid } }))).block,
    /** They may send requests again; a friendship the block ended is not restored. */
    unblockUser: async (uid: number): Promise<void> => void (await t.json(blocks[":uid"].$delete({ param: { uid: segment(uid) } }))),
    /** Whom the caller blocks, newest first, with their public fields. */
    listBlocked: async () => (await t.json(blocks.$get())).blocks,
  };
}
