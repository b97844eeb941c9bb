// The questions asked before "delete for me", "clear" and "block", for the 1:1 and group views:
// each says what happens, on whose pages, and that the others are not affected (or not told).
import { confirmDialog } from "./confirm-dialog";
import { quoteOf } from "./message-actions";

/** `others`: who still sees it ("bob", "the other members"). */
export const askHide = (body: string | null, others: string): Promise<boolean> =>
  confirmDialog(`Delete ${quoteOf(body)} for you? It disappears from all your devices; ${others} still sees it.`, "Delete for me");

/** `what`: "your conversation with bob", "the messages of “Book club”". */
export const askClear = (what: string, others: string): Promise<boolean> =>
  confirmDialog(`Clear ${what} for you? Every message so far disappears from all your devices; ${others} still sees them.`, "Clear");

export const askBlock = (who: string): Promise<boolean> =>
  confirmDialog(
    `Block ${who}? You stop being friends, and ${who} can no longer message you, send you friend requests or see when you are online. ${who} is not told. You can unblock in Settings.`,
    "Block",
  );
