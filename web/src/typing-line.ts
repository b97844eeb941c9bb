// The "… is typing" line under a conversation. It always takes its one line of height, empty or
// not, so the messages above never jump when someone starts or stops typing; a polite live
// region, so a screen reader mentions it without moving focus.
import { h } from "./dom";
import { typingText } from "./typing";

export function typingLine() {
  const el = h("p", { class: "typing-line muted", "aria-live": "polite" });
  let shown = "";
  return {
    el,
    /** Names of the people typing now (none: the line empties). */
    update(names: string[]): void {
      const text = typingText(names);
      if (text === shown) return;
      shown = text;
      el.textContent = text;
    },
  };
}
