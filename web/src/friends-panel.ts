// The side panel: find people, answer friend requests, and the friend list with presence dots
// and unread badges. Rebuilt on every change; focus is carried over by `data-focus` keys.
import { DELETED_USER_NAME } from "../../client";
import type { Friend, FriendRequest, Presence, PublicUser } from "../../protocol/events";
import type { ChatApp } from "./chat-app";
import { describeError, h, replace, srOnly } from "./dom";
import { displayName } from "./state";
import { toast } from "./toast";

export const presenceDot = (presence: Presence): HTMLElement[] => [
  h("span", { class: "dot", "data-presence": presence, "aria-hidden": "true" }),
  srOnly(presence),
];

/** Runs `action` with the button disabled; failures become an error toast. */
function act(button: HTMLButtonElement, action: () => Promise<void>): void {
  button.disabled = true;
  action()
    .catch((err: unknown) => toast(describeError(err), "error"))
    .finally(() => (button.disabled = false));
}

/** `sections` go between the friend requests and the friend list (the group list). */
export function createFriendsPanel(app: ChatApp, sections: HTMLElement[] = []) {
  const { state } = app;
  let results: PublicUser[] | undefined;
  const resultsList = h("ul", { class: "results", "aria-label": "Search results" });
  const requests = h("section", { class: "requests", "aria-labelledby": "requests-title" });
  const friends = h("ul", { class: "friends", "aria-labelledby": "friends-title" });

  const search = h(
    "form",
    { class: "search", role: "search" },
    h("label", { for: "search" }, "Find people"),
    h(
      "div",
      { class: "row" },
      h("input", {
        id: "search",
        name: "q",
        type: "search",
        required: true,
        maxlength: 254,
        placeholder: "username, email or id",
        autocomplete: "off",
      }),
      h("button", { type: "submit" }, "Search"),
    ),
  );
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = (search.elements.namedItem("q") as HTMLInputElement).value.trim();
    act(search.querySelector("button")!, async () => {
      results = await app.search(q);
      update();
    });
  });

  function resultRow(user: PublicUser): HTMLElement {
    // A hit from before the account was deleted (a friend's deletion looks them up again).
    if (state.names.get(user.id) === DELETED_USER_NAME)
      return h("li", { "data-user": user.id, class: "deleted" }, h("span", { class: "name muted" }, DELETED_USER_NAME));
    const pending = [...state.outgoing.values()].some((r) => r.to.id === user.id);
    const add = h("button", { type: "button", class: "small", "data-focus": `add-${user.id}` }, "Add friend");
    add.addEventListener("click", () => act(add, () => app.sendRequest(user)));
    return h(
      "li",
      { "data-user": user.id },
      h("span", { class: "name" }, user.nickname || user.username, " ", h("span", { class: "muted" }, `@${user.username}`)),
      state.friends.has(user.id) ? h("span", { class: "muted" }, "Friend") : pending ? h("span", { class: "muted" }, "Requested") : add,
    );
  }

  function incomingRow(request: FriendRequest): HTMLElement {
    const accept = h("button", { type: "button", class: "small", "data-focus": `accept-${request.id}` }, "Accept");
    const reject = h("button", { type: "button", class: "small secondary", "data-focus": `reject-${request.id}` }, "Reject");
    accept.addEventListener("click", () => act(accept, () => app.accept(request)));
    reject.addEventListener("click", () => act(reject, () => app.reject(request)));
    return h(
      "li",
      { class: "request", "data-request": request.id },
      h(
        "span",
        { class: "name" },
        request.from.nickname || request.from.username,
        " ",
        h("span", { class: "muted" }, `@${request.from.username}`),
      ),
      request.message ? h("q", {}, request.message) : null,
      h("span", { class: "actions" }, accept, reject),
    );
  }

  function friendRow(friend: Friend): HTMLElement {
    const unread = state.conversations.get(friend.id)?.unread ?? 0;
    const open = h(
      "button",
      {
        type: "button",
        class: "friend",
        "data-focus": `friend-${friend.id}`,
        "aria-current": state.openPeer === friend.id ? "true" : undefined,
      },
      ...presenceDot(friend.presence),
      h("span", { class: "name" }, displayName(friend)),
      unread > 0 ? h("span", { class: "badge" }, String(unread), srOnly(" unread")) : null,
    );
    open.addEventListener("click", () => void app.open(friend.id));
    return h("li", { "data-friend": friend.id, "data-presence": friend.presence }, open);
  }

  function update(): void {
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.focus;
    replace(
      resultsList,
      ...(results === undefined ? [] : results.length === 0 ? [h("li", { class: "muted" }, "No one found.")] : results.map(resultRow)),
    );
    const incoming = [...state.incoming.values()];
    const outgoing = [...state.outgoing.values()];
    requests.hidden = incoming.length + outgoing.length === 0;
    replace(
      requests,
      h("h2", { id: "requests-title" }, "Friend requests"),
      h("ul", { "aria-label": "Incoming requests" }, ...incoming.map(incomingRow)),
      outgoing.length
        ? h(
            "ul",
            { "aria-label": "Sent requests", class: "outgoing" },
            ...outgoing.map((r) => h("li", { class: "muted" }, `Waiting for @${r.to.username}`)),
          )
        : null,
    );
    const list = [...state.friends.values()].sort((a, b) => a.username.localeCompare(b.username));
    replace(friends, ...(list.length ? list.map(friendRow) : [h("li", { class: "muted" }, "No friends yet: find people above.")]));
    if (focused) (document.querySelector(`[data-focus="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  const el = h(
    "aside",
    { class: "sidebar", "aria-label": "Friends, groups and requests" },
    search,
    resultsList,
    requests,
    ...sections,
    h("section", { class: "friend-list" }, h("h2", { id: "friends-title", tabindex: -1 }, "Friends"), friends),
  );
  return { el, update };
}
