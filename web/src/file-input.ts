// The three ways a file gets into a conversation: the "Attach a file" button (a file picker),
// dropping files on the conversation, and pasting one (a screenshot) into the composer. Each
// hands the files to `onFiles`; the conversation decides where they go.
import { h } from "./dom";

export interface FileInputOptions {
  /** Where files may be dropped (the whole conversation). */
  zone: HTMLElement;
  /** The composer: a pasted file is sent instead of pasted as text. */
  textarea: HTMLTextAreaElement;
  /** False when no conversation is open (drops are then ignored). */
  active(): boolean;
  onFiles(files: File[]): void;
}

const hasFiles = (event: DragEvent) => Boolean(event.dataTransfer?.types.includes("Files"));

/** Returns the attach button (with its hidden file input) for the composer. */
export function attachFileInput({ zone, textarea, active, onFiles }: FileInputOptions): HTMLElement {
  const input = h("input", { type: "file", multiple: true, hidden: true, tabindex: -1, "aria-hidden": "true" });
  const button = h(
    "button",
    {
      type: "button",
      class: "attach secondary",
      "aria-label": "Attach a file",
      title: "Attach a file (you can also drop or paste one here)",
    },
    h("span", { "aria-hidden": "true" }, "+"),
  );
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const files = [...(input.files ?? [])];
    input.value = ""; // the same file may be picked again
    if (files.length > 0) onFiles(files);
  });

  let depth = 0; // dragenter/dragleave fire for every child crossed
  const dropping = (on: boolean) => zone.classList.toggle("dropping", on);
  zone.addEventListener("dragenter", (event) => {
    if (!hasFiles(event) || !active()) return;
    event.preventDefault();
    depth += 1;
    dropping(true);
  });
  zone.addEventListener("dragover", (event) => {
    if (!hasFiles(event) || !active()) return;
    event.preventDefault(); // allows the drop
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
  });
  zone.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dropping(false);
  });
  zone.addEventListener("drop", (event) => {
    depth = 0;
    dropping(false);
    if (!hasFiles(event) || !active()) return;
    event.preventDefault();
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) onFiles(files);
  });

  textarea.addEventListener("paste", (event) => {
    const items = [...(event.clipboardData?.items ?? [])];
    const files = items.filter((i) => i.kind === "file").flatMap((i) => i.getAsFile() ?? []);
    if (files.length === 0) return; // text pastes as text
    event.preventDefault();
    onFiles(files);
  });
  return h("span", { class: "attach-wrap" }, button, input);
}

/**
 * A file dropped anywhere else would make the browser open it in place of the chat: such drops
 * are refused. Returns the undo.
 */
export function refuseStrayDrops(): () => void {
  const refuse = (event: DragEvent) => {
    if (hasFiles(event) && !event.defaultPrevented) event.preventDefault();
  };
  window.addEventListener("dragover", refuse);
  window.addEventListener("drop", refuse);
  return () => {
    window.removeEventListener("dragover", refuse);
    window.removeEventListener("drop", refuse);
  };
}
