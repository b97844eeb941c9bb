// @ completion for the group composer: typing `@` and the start of a name lists matching members
// (arrows move, Enter or Tab picks, Escape closes, a click picks). The composer shows `@name`;
// `encode` turns each picked `@name` into the `@<uid>` the server reads as a mention.
import { h, replace } from "./dom";

export interface MentionCandidate {
  /** A member's uid, or "all" (offered to admins). */
  uid: number | "all";
  name: string;
}

/** `@` at the start or after a space, then the name typed so far, right before the caret. */
const TYPING = /(?:^|\s)@([^\s@]{0,32})$/;
const MAX_OPTIONS = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function attachMentionComplete(textarea: HTMLTextAreaElement, candidates: () => MentionCandidate[]) {
  const listbox = h("ul", { id: `${textarea.id}-mentions`, class: "mention-options", role: "listbox", "aria-label": "Mention a member" });
  listbox.hidden = true;
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", listbox.id);
  /** Picked names and whom they mean (a name typed by hand is plain text). */
  const picked = new Map<string, number | "all">();
  let items: MentionCandidate[] = [];
  let active = 0;
  let start = -1;

  function close(): void {
    listbox.hidden = true;
    items = [];
    textarea.removeAttribute("aria-activedescendant");
  }

  function render(): void {
    replace(
      listbox,
      ...items.map((item, i) => {
        const option = h(
          "li",
          { id: `${listbox.id}-${i}`, role: "option", "aria-selected": i === active ? "true" : "false", "data-uid": item.uid },
          `@${item.name}`,
        );
        // mousedown, not click: the textarea keeps focus (and its caret).
        option.addEventListener("mousedown", (event) => (event.preventDefault(), pick(item)));
        return option;
      }),
    );
    listbox.hidden = false;
    textarea.setAttribute("aria-activedescendant", `${listbox.id}-${active}`);
  }

  function update(): void {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const typing = TYPING.exec(before);
    if (!typing) return close();
    const query = typing[1]!.toLowerCase();
    start = before.length - typing[1]!.length - 1;
    items = candidates()
      .filter((c) => c.name.toLowerCase().startsWith(query) || String(c.uid).startsWith(query))
      .slice(0, MAX_OPTIONS);
    active = Math.min(active, Math.max(items.length - 1, 0));
    if (items.length === 0) return close();
    render();
  }

  function pick(item: MentionCandidate): void {
    const caret = textarea.selectionStart;
    const text = `@${item.name} `;
    textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(caret);
    const at = start + text.length;
    textarea.setSelectionRange(at, at);
    picked.set(item.name, item.uid);
    close();
    textarea.dispatchEvent(new Event("input")); // the composer grows to fit
  }

  textarea.addEventListener("input", () => ((active = 0), update()));
  textarea.addEventListener("click", update);
  textarea.addEventListener("blur", close);
  // Registered before the composer's own keydown (Enter sends): while the list is open, these keys are the list's.
  textarea.addEventListener("keydown", (event) => {
    if (listbox.hidden || event.isComposing) return;
    const key = event.key;
    if (key === "ArrowDown" || key === "ArrowUp") active = (active + (key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
    else if ((key === "Enter" || key === "Tab") && !event.shiftKey) pick(items[active]!);
    else if (key === "Escape") close();
    else return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!listbox.hidden) render();
  });

  return {
    el: listbox,
    /** The body to send: every picked `@name` (longest first) as `@<uid>` / `@all`. */
    encode(text: string): string {
      const names = [...picked.keys()].sort((a, b) => b.length - a.length);
      for (const name of names) text = text.replace(new RegExp(`@${escapeRegExp(name)}(?![\\p{L}\\p{N}_])`, "gu"), `@${picked.get(name)}`);
      return text;
    },
    /** Looks again (names or members arrived while the user was typing a name). */
    refresh(): void {
      if (document.activeElement === textarea) update();
    },
    reset(): void {
      picked.clear();
      close();
    },
  };
}
