// A yes/no question in a modal <dialog> (focus is trapped and Escape answers no), for actions
// that cannot be undone: removing a member, leaving, dissolving a group.
import { h } from "./dom";

export function confirmDialog(question: string, confirmLabel: string): Promise<boolean> {
  const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
  const confirm = h("button", { type: "submit", class: "danger" }, confirmLabel);
  const text = h("p", { id: "confirm-text" }, question);
  const form = h("form", { method: "dialog", class: "dialog-form" }, text, h("div", { class: "dialog-actions" }, cancel, confirm));
  const dialog = h("dialog", { class: "dialog", role: "alertdialog", "aria-labelledby": "confirm-text" }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer = false;
    confirm.addEventListener("click", () => (answer = true));
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    cancel.focus();
  });
}
