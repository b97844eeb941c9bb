// The sidebar's group section: "New group", the group list with unread and mention badges (a
// muted group shows a bell crossed out and no growing badge), and joining by an invite link.
// Rebuilt on every change; focus is carried over by `data-focus` keys, as in the friend list.
import type { GroupSummary } from "../../client";
import type { ChatApp } from "./chat-app";
import { busy, field, h, replace, srOnly } from "./dom";
import { openCreateGroupDialog } from "./group-create-dialog";

export function createGroupsPanel(app: ChatApp) {
  const { state } = app;
  const list = h("ul", { class: "groups", "aria-labelledby": "groups-title" });
  const create = h("button", { type: "button", class: "small", "data-focus": "new-group" }, "New group");
  create.addEventListener("click", () => openCreateGroupDialog(app));

  // An invite link opened in the browser (`/#join=<token>`) lands here, open and ready to confirm.
  const linked = location.hash.startsWith("#join=");
  const invite = h("input", {
    id: "invite",
    name: "invite",
    required: true,
    autocomplete: "off",
    placeholder: "https://…/#join=…",
    value: linked ? location.href : "",
  });
  const alert = h("p", { class: "error", role: "alert" });
  const join = h(
    "form",
    {},
    h("label", { for: "invite" }, "Invite link"),
    h("div", { class: "row" }, invite, h("button", { type: "submit", class: "small" }, "Join")),
    alert,
  );
  const joinBox = h("details", { class: "join", open: linked }, h("summary", {}, "Join a group with an invite link"), join);
  join.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(join, alert, async () => {
      await app.groups.join(field(join, "invite"));
      invite.value = "";
      joinBox.open = false;
      if (location.hash.startsWith("#join=")) history.replaceState(null, "", location.pathname + location.search);
    });
  });

  function groupRow(g: GroupSummary): HTMLElement {
    const open = h(
      "button",
      {
        type: "button",
        class: "group",
        "data-focus": `group-${g.groupId}`,
        "aria-current": state.openGroup === g.groupId ? "true" : undefined,
      },
      h("span", { class: "group-icon", "aria-hidden": "true" }, "#"),
      h("span", { class: "name" }, g.name),
      g.muted ? h("span", { class: "muted-icon", title: "Muted" }, h("span", { "aria-hidden": "true" }, "🔕"), srOnly(" muted")) : null,
      g.mentions > 0 ? h("span", { class: "badge mentions" }, `@${g.mentions}`, srOnly(" mentions")) : null,
      g.unread > 0 ? h("span", { class: "badge" }, String(g.unread), srOnly(" unread")) : null,
    );
    open.addEventListener("click", () => void app.groups.open(g.groupId));
    return h("li", { "data-group": g.groupId, "data-muted": g.muted ? "true" : undefined }, open);
  }

  function update(): void {
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.focus;
    const groups = app.groups.list();
    replace(list, ...(groups.length ? groups.map(groupRow) : [h("li", { class: "muted" }, "No groups yet.")]));
    if (focused?.startsWith("group-")) (list.querySelector(`[data-focus="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  const el = h(
    "section",
    { class: "group-list" },
    h("div", { class: "section-title" }, h("h2", { id: "groups-title", tabindex: -1 }, "Groups"), create),
    list,
    joinBox,
  );
  return { el, update };
}
