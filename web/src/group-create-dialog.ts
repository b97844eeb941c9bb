// "New group": a modal dialog with the group's name and the members, chosen from the friend list.
// Errors (a name too long, a friend who is no longer one, the hourly limit) stay in the dialog.
import { GROUP_NAME_MAX } from "../../protocol/groups";
import type { ChatApp } from "./chat-app";
import { busy, field, h } from "./dom";
import { displayName } from "./state";

export function openCreateGroupDialog(app: ChatApp): void {
  const friends = [...app.state.friends.values()].sort((a, b) => displayName(a).localeCompare(displayName(b)));
  const alert = h("p", { class: "error", role: "alert" });
  const name = h("input", { id: "group-name", name: "name", required: true, maxlength: GROUP_NAME_MAX, autocomplete: "off" });
  const choices = friends.map((f) =>
    h(
      "li",
      {},
      h("input", { type: "checkbox", id: `group-member-${f.id}`, name: "members", value: f.id }),
      h("label", { for: `group-member-${f.id}` }, displayName(f)),
    ),
  );
  const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
  const form = h(
    "form",
    { class: "dialog-form" },
    h("h2", { id: "create-group-title" }, "New group"),
    h("label", { for: "group-name" }, "Group name"),
    name,
    h(
      "fieldset",
      { class: "member-choices" },
      h("legend", {}, "Members"),
      choices.length ? h("ul", {}, ...choices) : h("p", { class: "muted" }, "Add friends first: a group starts with your friends."),
    ),
    alert,
    h("div", { class: "dialog-actions" }, cancel, h("button", { type: "submit" }, "Create group")),
  );
  const dialog = h("dialog", { class: "dialog", "aria-labelledby": "create-group-title" }, form);
  document.body.append(dialog);
  dialog.addEventListener("close", () => dialog.remove());
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const members = [...form.querySelectorAll<HTMLInputElement>("input[name=members]:checked")].map((box) => Number(box.value));
    void busy(form, alert, async () => {
      await app.groups.create(field(form, "name"), members);
      dialog.close();
    });
  });
  dialog.showModal();
  name.focus();
}
