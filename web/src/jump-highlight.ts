// The last step of a jump to a search hit: once the view shows the message, scroll it to the
// middle, highlight it briefly and move focus to it (so a screen reader reads it out).
import type { ChatState } from "./state";

const HIGHLIGHT_MS = 2_500;

/** Call after the view rendered conversation `key`; does nothing unless a jump waits for it. */
export function showJump(state: ChatState, key: string, list: HTMLElement): void {
  const jump = state.jump;
  if (!jump || jump.conversation !== key) return;
  const row = list.querySelector<HTMLElement>(`li[data-seq="${jump.seq}"]`);
  if (!row) return;
  state.jump = undefined;
  row.scrollIntoView({ block: "center" });
  row.tabIndex = -1;
  row.focus({ preventScroll: true });
  row.classList.add("jumped");
  setTimeout(() => row.classList.remove("jumped"), HIGHLIGHT_MS);
}
