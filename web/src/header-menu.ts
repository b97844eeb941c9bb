// A small "More" menu for a conversation's header (Clear conversation, Block): a native
// <details>, so it opens with Enter or Space and needs no script to be reachable; it closes after
// a choice, on Escape, and when focus or a click leaves it.
import { h } from "./dom";

export interface MenuItem {
  text: string;
  /** The accessible name, when the visible text does not say whom it acts on. */
  label?: string;
  danger?: boolean;
  run: () => void;
}

export function headerMenu(label: string) {
  const summary = h("summary", { class: "menu-button", "aria-label": label, title: label }, h("span", { "aria-hidden": "true" }, "⋯"));
  const list = h("div", { class: "menu-items" });
  const el = h("details", { class: "menu" }, summary, list);
  const close = () => el.removeAttribute("open");
  el.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !el.open) return;
    event.preventDefault();
    close();
    summary.focus();
  });
  el.addEventListener("focusout", (event) => {
    if (!el.contains(event.relatedTarget as Node | null)) close();
  });
  document.addEventListener("click", (event) => {
    if (el.open && !el.contains(event.target as Node)) close();
  });

  return {
    el,
    /** Sets the choices (rebuilt when what they act on changes). */
    set(items: MenuItem[], name = label): void {
      summary.setAttribute("aria-label", name);
      summary.title = name;
      list.replaceChildren(
        ...items.map((item) => {
          const button = h(
            "button",
            { type: "button", class: item.danger ? "menu-item danger-text" : "menu-item", "aria-label": item.label },
            item.text,
          );
          button.addEventListener("click", () => {
            close();
            item.run();
          });
          return button;
        }),
      );
    },
  };
}
