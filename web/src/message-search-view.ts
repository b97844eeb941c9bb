// The message search box at the top of the side panel and its results: newest first, each with
// the conversation's name, the sender, the time and the matching words marked; "Load more" pages
// back by cursor; choosing a result opens its conversation at the message.
import type { MessageSearchHit } from "../../protocol/search";
import type { ChatApp } from "./chat-app";
import { describeError, h, replace } from "./dom";
import { highlight, queryWords } from "./highlight";
import type { SearchResults } from "./message-search-app";
import { nameOf } from "./state";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function createMessageSearchView(app: ChatApp) {
  const { state } = app;
  let results: SearchResults | undefined;
  let error = "";
  let busy = false;

  const input = h("input", {
    id: "message-search",
    name: "q",
    type: "search",
    required: true,
    maxlength: 200,
    placeholder: "Words to find",
    autocomplete: "off",
  });
  // Named apart from "Find people"'s own Search button.
  const submit = h("button", { type: "submit", "aria-label": "Search in messages" }, "Search");
  const form = h(
    "form",
    { class: "search message-search", role: "search", "aria-label": "Message search" },
    h("label", { for: "message-search" }, "Search messages"),
    h("div", { class: "row" }, input, submit),
  );
  const summary = h("p", { class: "muted search-summary", role: "status" });
  const list = h("ul", { class: "search-hits", "aria-label": "Messages found" });
  const more = h("button", { type: "button", class: "small secondary" }, "Load more");
  const close = h("button", { type: "button", class: "link", "aria-label": "Close the search results" }, "Close");
  const panel = h(
    "section",
    { class: "search-results", "aria-label": "Message search results", hidden: true },
    h("div", { class: "section-title" }, summary, close),
    list,
    more,
  );
  const el = h("div", { class: "message-search-area" }, form, panel);

  async function run(work: () => Promise<SearchResults>): Promise<void> {
    busy = true;
    error = "";
    update();
    try {
      results = await work();
    } catch (err) {
      error = describeError(err);
    } finally {
      busy = false;
      update();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q) void run(() => app.messageSearch.search(q));
  });
  more.addEventListener("click", () => results && void run(() => app.messageSearch.more(results!)));
  close.addEventListener("click", () => {
    results = undefined;
    error = "";
    input.value = "";
    update();
    input.focus();
  });

  function conversationName(hit: MessageSearchHit): string {
    if (hit.kind === "direct") return nameOf(state, hit.peerId);
    const group = app.groups.list().find((g) => g.groupId === hit.groupId);
    return group?.name ?? state.groups.get(hit.groupId)?.group?.name ?? "A group";
  }

  function hitRow(hit: MessageSearchHit, words: string[]): HTMLElement {
    const where = conversationName(hit);
    const who = hit.from === state.me.id ? "You" : nameOf(state, hit.from);
    const text = hit.body || hit.file?.name || "";
    const open = h(
      "button",
      { type: "button", class: "search-hit", "data-focus": `hit-${hit.messageId}` },
      h(
        "span",
        { class: "hit-head" },
        h("span", { class: "hit-where" }, where),
        h("time", { datetime: hit.sentAt, class: "muted" }, dateTime.format(new Date(hit.sentAt))),
      ),
      h("span", { class: "hit-text" }, h("span", { class: "hit-who" }, `${who}: `), ...highlight(text, words)),
    );
    open.addEventListener("click", () => {
      open.disabled = true;
      void app.messageSearch
        .jump(hit)
        .then((shown) => {
          if (!shown) {
            error =
              hit.kind === "direct" && !state.friends.has(hit.peerId)
                ? `You can no longer open the conversation with ${where}.`
                : "That message is no longer in the conversation.";
            update();
          }
        })
        .finally(() => (open.disabled = false));
    });
    return h("li", { "data-message": hit.messageId }, open);
  }

  function update(): void {
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.focus;
    submit.disabled = busy;
    more.disabled = busy;
    panel.hidden = results === undefined && !error;
    if (results) {
      const words = queryWords(results.q);
      const count = results.hits.length;
      replace(
        summary,
        error ||
          (count === 0
            ? `No messages match “${results.q}”.`
            : `${count}${results.nextCursor ? "+" : ""} message${count === 1 && !results.nextCursor ? " matches" : "s match"} “${results.q}”`),
      );
      replace(list, ...results.hits.map((hit) => hitRow(hit, words)));
    } else {
      replace(summary, error);
      replace(list);
    }
    more.hidden = !results?.nextCursor;
    if (focused?.startsWith("hit-")) (list.querySelector(`[data-focus="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  return { el, update };
}
