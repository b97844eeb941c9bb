// Notifications: short sentences in a polite live region (index.html's #toasts), so screen
// readers announce them without moving focus. Each disappears after a while.
import { h } from "./dom";

const TOAST_MS = 6_000;
const MAX_TOASTS = 4;

export function toast(text: string, kind: "info" | "error" = "info"): void {
  const region = document.getElementById("toasts");
  if (!region) return;
  const item = h("p", { class: `toast ${kind}` }, text);
  region.append(item);
  while (region.childElementCount > MAX_TOASTS) region.firstElementChild?.remove();
  setTimeout(() => item.remove(), TOAST_MS);
}
