// The actions under one message, for the 1:1 and group views: "Edit" (my own text, within the
// edit window) and "Delete for me" (any stored message; gone on all my devices, not for the other
// side). Plain buttons, so they are reachable by keyboard; each says which message it acts on.
import { h } from "./dom";

export interface MessageActionsOptions {
  /** A short quote of the message, for screen readers ("Edit: “Lunch at noon?”"). */
  quote: string;
  edit?: () => void;
  hide?: () => void;
}

const QUOTE_CHARS = 40;

export const quoteOf = (body: string | null): string => {
  const text = (body ?? "").replace(/\s+/g, " ").trim();
  if (!text) return "this message";
  return `“${text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text}”`;
};

export function messageActions({ quote, edit, hide }: MessageActionsOptions): HTMLButtonElement[] {
  const buttons: HTMLButtonElement[] = [];
  if (edit) {
    const button = h("button", { type: "button", class: "link edit", "aria-label": `Edit: ${quote}` }, "Edit");
    button.addEventListener("click", edit);
    buttons.push(button);
  }
  if (hide) {
    const button = h("button", { type: "button", class: "link hide", "aria-label": `Delete for me: ${quote}` }, "Delete for me");
    button.addEventListener("click", hide);
    buttons.push(button);
  }
  return buttons;
}
