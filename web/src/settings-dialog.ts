// Settings, in a modal dialog opened from the top bar: the people I block (with Unblock), "Export
// my data" (a JSON download of everything QChat keeps about me) and "Delete account" (asks for the
// password and for the username typed out, then signs out).
import type { BlockedUser } from "../../protocol/blocks";
import type { ChatApp } from "./chat-app";
import { describeError, h, replace } from "./dom";
import { toast } from "./toast";

export function openSettings(app: ChatApp, opener: HTMLElement): void {
  const username = app.state.me.username;
  const blockedList = h("ul", { class: "blocked", "aria-labelledby": "blocked-title" }, h("li", { class: "muted" }, "Loading…"));

  function blockedRow(b: BlockedUser): HTMLElement {
    const who = b.user.nickname || b.user.username;
    const unblock = h("button", { type: "button", class: "small secondary", "aria-label": `Unblock ${who}` }, "Unblock");
    const row = h(
      "li",
      { "data-blocked": b.user.id },
      h("span", { class: "name" }, who, " ", h("span", { class: "muted" }, `@${b.user.username}`)),
      unblock,
    );
    unblock.addEventListener("click", () => {
      unblock.disabled = true;
      app.blocks.unblock(b.user.id).then(
        () => {
          toast(`You unblocked ${who}. They can send you a friend request again.`);
          void loadBlocked();
          queueMicrotask(() => closeButton.focus());
        },
        (err: unknown) => {
          unblock.disabled = false;
          toast(describeError(err), "error");
        },
      );
    });
    return row;
  }

  async function loadBlocked(): Promise<void> {
    try {
      const blocks = await app.blocks.list();
      replace(blockedList, ...(blocks.length ? blocks.map(blockedRow) : [h("li", { class: "muted" }, "You have not blocked anyone.")]));
    } catch (err) {
      replace(blockedList, h("li", { class: "error" }, `Could not load the list: ${describeError(err)}`));
    }
  }

  const exportButton = h("button", { type: "button", class: "secondary" }, "Export my data");
  exportButton.addEventListener("click", () => {
    exportButton.disabled = true;
    app.account
      .exportData()
      .then(
        () => toast("Your data is downloading as a JSON file."),
        (err: unknown) => toast(`Could not export your data: ${describeError(err)}`, "error"),
      )
      .finally(() => (exportButton.disabled = false));
  });

  const password = h("input", {
    id: "delete-password",
    name: "password",
    type: "password",
    required: true,
    autocomplete: "current-password",
  });
  const confirmName = h("input", {
    id: "delete-username",
    name: "username",
    type: "text",
    required: true,
    autocomplete: "off",
    spellcheck: false,
  });
  const deleteButton = h("button", { type: "submit", class: "danger", disabled: true }, "Delete account");
  const alert = h("p", { class: "error", role: "alert" });
  const deleteForm = h(
    "form",
    { class: "delete-account", "aria-labelledby": "delete-title" },
    h("label", { for: "delete-password" }, "Your password"),
    password,
    h("label", { for: "delete-username" }, `Type your username (${username}) to confirm`),
    confirmName,
    alert,
    deleteButton,
  );
  const ready = () => (deleteButton.disabled = confirmName.value.trim() !== username || password.value === "");
  password.addEventListener("input", ready);
  confirmName.addEventListener("input", ready);
  deleteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (deleteButton.disabled) return;
    deleteButton.disabled = true;
    replace(alert);
    app.account.deleteAccount(password.value).then(
      () => dialog.close(),
      (err: unknown) => {
        replace(alert, describeError(err));
        ready();
        password.focus();
      },
    );
  });

  const closeButton = h("button", { type: "button", class: "secondary" }, "Close");
  const dialog = h(
    "dialog",
    { class: "dialog settings", "aria-labelledby": "settings-title" },
    h(
      "div",
      { class: "settings-body" },
      h("div", { class: "section-title" }, h("h2", { id: "settings-title" }, "Settings"), closeButton),
      h("section", { "aria-labelledby": "blocked-title" }, h("h3", { id: "blocked-title" }, "Blocked users"), blockedList),
      h(
        "section",
        { "aria-labelledby": "export-title" },
        h("h3", { id: "export-title" }, "Your data"),
        h(
          "p",
          { class: "muted" },
          "Download everything QChat keeps about you: your profile, friends, groups, messages and files, as one JSON file.",
        ),
        exportButton,
      ),
      h(
        "section",
        { class: "danger-zone", "aria-labelledby": "delete-title" },
        h("h3", { id: "delete-title" }, "Delete account"),
        h(
          "p",
          { class: "muted" },
          "This cannot be undone. Your profile, friends, files and sessions are removed; people you talked to see your messages as from “Deleted user”.",
        ),
        deleteForm,
      ),
    ),
  );
  closeButton.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  closeButton.focus();
  void loadBlocked();
}
