// The signed-in screen: top bar (who, presence switch, settings, logout), the connection banner,
// the message search, the friends and groups panel, and the open conversation (with a friend or a group). On a phone only one of the two panels shows at a time.
import type { SettablePresence } from "../../protocol/events";
import type { ChatApp } from "./chat-app";
import { createConversationView } from "./conversation-view";
import { h, replace } from "./dom";
import { refuseStrayDrops } from "./file-input";
import { createFriendsPanel } from "./friends-panel";
import { createGroupView } from "./group-view";
import { createGroupsPanel } from "./groups-panel";
import { createMessageSearchView } from "./message-search-view";
import { openSettings } from "./settings-dialog";
import type { Connection } from "./state";

const BANNER: Partial<Record<Connection, string>> = {
  connecting: "Connecting…",
  reconnecting: "Connection lost. Reconnecting…",
  offline: "You are offline. Reconnecting when the network is back; messages you write will wait.",
};
const PRESENCE_CHOICES: Array<[SettablePresence, string]> = [
  ["online", "Online"],
  ["busy", "Busy"],
  ["invisible", "Invisible"],
];

export function renderChat(root: HTMLElement, app: ChatApp): void {
  const { state } = app;
  const presence = h(
    "select",
    { id: "presence", name: "presence" },
    ...PRESENCE_CHOICES.map(([value, label]) => h("option", { value }, label)),
  );
  presence.addEventListener("change", () => void app.setPresence(presence.value as SettablePresence));
  const settings = h("button", { type: "button", class: "secondary", "aria-haspopup": "dialog" }, "Settings");
  settings.addEventListener("click", () => openSettings(app, settings));
  const logout = h("button", { type: "button", class: "secondary" }, "Log out");
  logout.addEventListener("click", () => void app.logout());

  const bannerText = h("span");
  const retry = h("button", { type: "button", class: "small" }, "Reconnect");
  retry.addEventListener("click", () => app.reconnect());
  const banner = h("div", { class: "banner", role: "status", hidden: true }, bannerText, retry);

  const groups = createGroupsPanel(app);
  const friends = createFriendsPanel(app, [groups.el]);
  const messageSearch = createMessageSearchView(app);
  friends.el.prepend(messageSearch.el);
  const conversation = createConversationView(app);
  const group = createGroupView(app);
  const layout = h("div", { class: "layout" }, friends.el, conversation.el, group.el);

  replace(
    root,
    h(
      "header",
      { class: "topbar" },
      h("h1", { class: "brand" }, "QChat"),
      h("span", { class: "me", title: `user id ${state.me.id}` }, `@${state.me.username}`),
      h("span", { class: "presence-switch" }, h("label", { for: "presence" }, "Status"), presence),
      settings,
      logout,
    ),
    banner,
    layout,
  );
  // Focus lands on the friend list's heading: screen readers start there, and no phone keyboard pops up.
  document.getElementById("friends-title")?.focus();

  const update = () => {
    const { connection } = state;
    banner.hidden = connection === "online";
    banner.dataset.state = connection;
    replace(bannerText, BANNER[connection] ?? state.connectionDetail ?? "");
    retry.hidden = connection !== "ended";
    presence.value = state.presence;
    presence.disabled = connection !== "online";
    layout.dataset.view = state.openPeer === undefined && state.openGroup === undefined ? "list" : "conversation";
    friends.update();
    messageSearch.update();
    groups.update();
    conversation.el.hidden = state.openGroup !== undefined;
    group.el.hidden = state.openGroup === undefined;
    conversation.update();
    group.update();
    const unread =
      [...state.conversations.values()].reduce((sum, c) => sum + c.unread, 0) + app.groups.list().reduce((sum, g) => sum + g.unread, 0);
    document.title = unread > 0 ? `(${unread}) QChat` : "QChat";
  };
  app.onDispose(refuseStrayDrops());
  app.subscribe(update);
  update();
}
