// A tiny element builder. Every string becomes a text node or an attribute value, never HTML:
// usernames, messages and request notes come from other users, so nothing is parsed as markup.

type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | ((event: Event) => void)>;

/** `h("button", { class: "x", onclick: fn, disabled: true }, "Send")`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** Text only screen readers get (e.g. "online" next to a coloured dot). */
export const srOnly = (text: string): HTMLSpanElement => h("span", { class: "sr-only" }, text);

/** Reads a named field of a form as trimmed text (passwords are read untrimmed). */
export function field(form: HTMLFormElement, name: string, trim = true): string {
  const el = form.elements.namedItem(name);
  const value = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? el.value : "";
  return trim ? value.trim() : value;
}

/**
 * Runs an async form action with the submit button disabled and errors shown in the form's
 * alert region; the button is re-enabled afterwards either way.
 */
export async function busy(form: HTMLFormElement, alert: HTMLElement, run: () => Promise<void>): Promise<void> {
  const buttons = [...form.querySelectorAll("button")];
  for (const b of buttons) b.disabled = true;
  replace(alert);
  try {
    await run();
  } catch (err) {
    replace(alert, describeError(err));
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

/** A readable sentence for any error the SDK or the browser throws. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: string; issues?: { path: string; message: string }[] };
  if (e.code === "NETWORK_ERROR") return "Cannot reach QChat. Check your connection and try again.";
  if (e.code === "VALIDATION_FAILED" && e.issues?.length) return e.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  // Server messages are written for people and already say how long to wait on 429s.
  return e.message;
}
