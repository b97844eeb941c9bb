// Editing one of my messages in the composer, for the 1:1 and group views: its text goes into the
// message box under an "Editing" bar; Enter saves (the view's submit asks `target`), Escape or the
// bar's Cancel puts back what was being written before. Up-arrow in an empty box edits my last
// message that can still be edited, as in most chat apps.
import { h } from "./dom";

export interface EditTarget {
  /** The message's key in the view's model. */
  key: string;
  /** The text to edit, as the composer shows it. */
  text: string;
}

export interface ComposerEditOptions {
  textarea: HTMLTextAreaElement;
  /** Resizes the box after its text changed. */
  fit: () => void;
  /** My newest message that can still be edited, if any. */
  lastEditable: () => EditTarget | undefined;
}

export type ComposerEdit = ReturnType<typeof attachComposerEdit>;

export function attachComposerEdit({ textarea, fit, lastEditable }: ComposerEditOptions) {
  let editing: EditTarget | undefined;
  /** What the box held before the edit began, put back afterwards. */
  let draft = "";
  const cancelButton = h("button", { type: "button", class: "link", "aria-label": "Cancel editing" }, "Cancel");
  const el = h(
    "div",
    { class: "editing-bar", id: `${textarea.id}-editing`, hidden: true },
    h("span", { class: "editing-title" }, "Editing your message"),
    h("span", { class: "muted" }, "Esc to cancel"),
    cancelButton,
  );

  function show(target: EditTarget | undefined, text: string): void {
    editing = target;
    el.hidden = target === undefined;
    textarea.value = text;
    textarea.dataset.editing = target ? "true" : "";
    // A screen reader hears "Editing your message, Esc to cancel" with the box's name.
    if (target) textarea.setAttribute("aria-describedby", el.id);
    else textarea.removeAttribute("aria-describedby");
    fit();
    textarea.focus();
    textarea.setSelectionRange(text.length, text.length);
  }

  function start(target: EditTarget): void {
    if (!editing) draft = textarea.value;
    show(target, target.text);
  }

  /** Ends the edit (saved or cancelled): the earlier draft comes back. */
  function finish(): void {
    if (editing) show(undefined, draft);
    draft = "";
  }

  cancelButton.addEventListener("click", finish);
  textarea.addEventListener("keydown", (event) => {
    // Another handler (the @ list) took the key already.
    if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key === "Escape" && editing) {
      event.preventDefault();
      finish();
    } else if (event.key === "ArrowUp" && !editing && textarea.value === "") {
      const target = lastEditable();
      if (!target) return;
      event.preventDefault();
      start(target);
    }
  });

  return {
    el,
    start,
    finish,
    /** The message being edited, if any. */
    get target(): EditTarget | undefined {
      return editing;
    },
    /** Another conversation was opened: the edit (and the draft) belong to the old one. */
    reset(): void {
      editing = undefined;
      draft = "";
      el.hidden = true;
      textarea.dataset.editing = "";
      textarea.removeAttribute("aria-describedby");
    },
  };
}
