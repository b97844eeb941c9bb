// The open conversation: history with scroll-back, sent/delivered/read marks, recall, edit and
// "delete for me", files (pictures inline, chips for the rest), "… is typing", the header's menu
// (clear the conversation, block), and the composer (Enter sends, Shift+Enter is a new line,
// Up-arrow edits my last message; attach, drop or paste a file). Message rows are kept by key and
// only rebuilt when they change, so scrolling and focus survive live updates.
import { MAX_MESSAGE_CHARS } from "../../protocol/frames";
import { createAttachments } from "./attachment-view";
import type { ChatApp } from "./chat-app";
import { describeError, h, replace, srOnly } from "./dom";
import { attachFileInput } from "./file-input";
import { createUploadList } from "./upload-list";
import { canEdit, canRecall, conversation, displayName, markOf, sortedMessages, type Mark, type Msg } from "./state";
import { composerKeys } from "./composer-keys";
import { attachComposerEdit } from "./composer-edit";
import { askBlock, askClear, askHide } from "./everyday-confirm";
import { headerMenu } from "./header-menu";
import { showJump } from "./jump-highlight";
import { messageActions, quoteOf } from "./message-actions";
import { toast } from "./toast";
import { typingLine } from "./typing-line";
import { keepScroll, reconcileRows } from "./message-list";

const MARKS: Record<Mark, [symbol: string, label: string]> = {
  sending: ["…", "Sending"],
  failed: ["!", "Not sent"],
  sent: ["✓", "Sent"],
  delivered: ["✓✓", "Delivered"],
  read: ["✓✓", "Read"],
  recalled: ["", "Recalled"],
};
/** Scrolled this close to the top, the next older page loads. */
const LOAD_OLDER_PX = 80;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function createConversationView(app: ChatApp) {
  const { state } = app;
  const rows = new Map<string, HTMLLIElement>();
  let shownPeer: number | undefined;

  const title = h("h2", { id: "conversation-title", tabindex: -1 });
  const back = h("button", { type: "button", class: "back secondary", "aria-label": "Back to friends" }, "‹ Friends");
  const older = h("button", { type: "button", class: "older secondary small" }, "Load earlier messages");
  const start = h("p", { class: "muted start" }, "This is the beginning of your conversation.");
  const list = h("ol", { class: "message-list" });
  const scroller = h("div", { class: "messages", role: "log", "aria-labelledby": "conversation-title", tabindex: 0 }, older, start, list);
  const textarea = h("textarea", {
    id: "composer",
    name: "body",
    rows: 1,
    maxlength: MAX_MESSAGE_CHARS,
    required: true,
    placeholder: "Write a message",
    enterkeyhint: "send",
  });
  const composerLabel = h("label", { for: "composer", class: "sr-only" });
  const uploads = createUploadList();
  const composer = h("form", { class: "composer" }, composerLabel, textarea, h("button", { type: "submit" }, "Send"));
  const empty = h("p", { class: "empty muted" }, "Choose a friend or a group to start chatting.");
  const status = h("span", { class: "status muted" });
  const menu = headerMenu("Conversation options");
  const header = h("header", { class: "conversation-header" }, back, title, status, menu.el);
  const typing = typingLine();
  const el = h("main", { class: "conversation", "aria-label": "Conversation" }, empty, header, scroller, typing.el, uploads.el, composer);
  const attachments = createAttachments(app.files.urls, scroller);
  composer.prepend(
    attachFileInput({
      zone: el,
      textarea,
      active: () => state.openPeer !== undefined,
      onFiles: (files) => state.openPeer !== undefined && app.files.send({ peer: state.openPeer }, files),
    }),
  );

  back.addEventListener("click", () => {
    const peer = state.openPeer;
    void app.open(undefined);
    queueMicrotask(() => (document.querySelector(`[data-focus="friend-${peer}"]`) as HTMLElement | null)?.focus());
  });
  older.addEventListener("click", () => state.openPeer !== undefined && void app.loadOlder(state.openPeer));
  scroller.addEventListener("scroll", () => {
    if (scroller.scrollTop < LOAD_OLDER_PX && state.openPeer !== undefined) void app.loadOlder(state.openPeer);
  });
  const fit = composerKeys(composer, textarea);
  const editor = attachComposerEdit({ textarea, fit, lastEditable });
  composer.before(editor.el);
  textarea.addEventListener("input", () => {
    if (textarea.value.trim() && state.openPeer !== undefined && !editor.target) app.typing.typed({ to: state.openPeer });
  });
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = textarea.value.trim();
    if (!body || state.openPeer === undefined) return;
    const editing = editor.target;
    if (editing) {
      const msg = conversation(state, state.openPeer).messages.get(editing.key);
      if (!msg || body === msg.body) return editor.finish();
      void app.changes.edit(msg, body).then((ok) => ok && editor.target?.key === editing.key && editor.finish());
      return;
    }
    app.send(state.openPeer, body);
    textarea.value = "";
    fit();
    textarea.focus();
  });

  /** My newest message that can still be edited (Up-arrow in an empty composer). */
  function lastEditable() {
    if (state.openPeer === undefined) return undefined;
    const msg = sortedMessages(conversation(state, state.openPeer))
      .reverse()
      .find((m) => canEdit(state, m));
    return msg && { key: msg.key, text: msg.body ?? "" };
  }

  const nameOfPeer = () => {
    const friend = state.openPeer === undefined ? undefined : state.friends.get(state.openPeer);
    return friend ? displayName(friend) : "the other person";
  };

  async function hide(msg: Msg): Promise<void> {
    if (await askHide(msg.body, nameOfPeer())) await app.changes.hide(msg);
  }

  async function clearConversation(peerId: number): Promise<void> {
    const who = nameOfPeer();
    if ((await askClear(`your conversation with ${who}`, who)) && (await app.changes.clear(peerId)))
      toast(`Conversation with ${who} cleared`);
  }

  async function block(peerId: number): Promise<void> {
    const who = nameOfPeer();
    if (!(await askBlock(who))) return;
    try {
      await app.blocks.block(peerId);
      toast(`You blocked ${who}`);
      document.getElementById("friends-title")?.focus();
    } catch (err) {
      toast(describeError(err), "error");
    }
  }

  function row(msg: Msg, mark: Mark | undefined, recallable: boolean, editable: boolean): HTMLLIElement {
    const li = h("li", {
      class: `msg ${msg.from === state.me.id ? "mine" : "theirs"}${msg.recalled ? " recalled" : ""}`,
      "data-key": msg.key,
      "data-seq": msg.seq,
    });
    if (msg.recalled) li.append(h("p", { class: "body" }, msg.from === state.me.id ? "You recalled a message" : "Message recalled"));
    else {
      // A message that is only a file shows no empty bubble for its text.
      if (msg.file) li.append(attachments.render(msg.key, msg.file, msg.from === state.me.id ? msg.to : msg.from));
      if (msg.body || !msg.file) li.append(h("p", { class: "body" }, msg.body ?? ""));
    }
    if (msg.file && !msg.recalled) li.classList.add("has-file");
    const meta = h("div", { class: "meta" }, h("time", { datetime: msg.sentAt }, timeFormat.format(new Date(msg.sentAt))));
    if (msg.editedAt && !msg.recalled)
      meta.append(h("span", { class: "edited", title: `Edited ${new Date(msg.editedAt).toLocaleString()}` }, "(edited)"));
    if (mark && mark !== "recalled")
      meta.append(
        h(
          "span",
          { class: "mark", "data-mark": mark, title: MARKS[mark][1] },
          h("span", { "aria-hidden": "true" }, MARKS[mark][0]),
          srOnly(MARKS[mark][1]),
        ),
      );
    if (recallable) {
      const recall = h("button", { type: "button", class: "link recall" }, "Recall");
      recall.addEventListener("click", () => void app.recall(msg));
      meta.append(recall);
    }
    if (msg.messageId)
      meta.append(
        ...messageActions({
          quote: quoteOf(msg.body),
          edit: editable ? () => editor.start({ key: msg.key, text: msg.body ?? "" }) : undefined,
          hide: () => void hide(msg),
        }),
      );
    if (msg.error) {
      const retry = h("button", { type: "button", class: "link" }, "Retry");
      retry.addEventListener("click", () => app.retry(msg));
      meta.append(h("span", { class: "error" }, msg.error), retry);
    }
    li.append(meta);
    return li;
  }

  function updateMessages(peerId: number, opened: boolean): void {
    const conv = conversation(state, peerId);
    const restoreScroll = keepScroll(list, scroller);
    reconcileRows(
      list,
      rows,
      sortedMessages(conv).map((msg) => {
        const mark = markOf(state, conv, msg);
        const recallable = canRecall(state, msg);
        const editable = canEdit(state, msg);
        return {
          key: msg.key,
          signature: `${msg.seq}|${msg.messageId}|${msg.body}|${msg.editedAt}|${msg.file?.id}|${msg.file?.thumbnailId}|${mark}|${recallable}|${editable}|${msg.error}`,
          render: () => row(msg, mark, recallable, editable),
        };
      }),
    );
    older.hidden = conv.nextBefore === null || conv.nextBefore === undefined;
    older.disabled = app.isLoading(peerId);
    start.hidden = conv.nextBefore !== null;
    restoreScroll(opened);
  }

  function update(): void {
    const peerId = state.openPeer;
    const friend = peerId === undefined ? undefined : state.friends.get(peerId);
    el.classList.toggle("is-empty", !friend);
    if (peerId === undefined || !friend) {
      shownPeer = undefined;
      uploads.update([]);
      return;
    }
    const opened = shownPeer !== peerId;
    if (opened) {
      rows.clear();
      attachments.clear();
      replace(list);
      editor.reset();
      textarea.value = "";
      fit();
      shownPeer = peerId;
      menu.set(
        [
          { text: "Clear conversation", run: () => void clearConversation(peerId) },
          { text: "Block", label: `Block ${displayName(friend)}`, danger: true, run: () => void block(peerId) },
        ],
        `Options for the conversation with ${displayName(friend)}`,
      );
    }
    replace(title, displayName(friend));
    replace(status, h("span", { class: "dot", "data-presence": friend.presence, "aria-hidden": "true" }), ` ${friend.presence}`);
    title.dataset.presence = friend.presence;
    replace(composerLabel, `Message to ${displayName(friend)}`);
    updateMessages(peerId, opened);
    typing.update(app.typing.who(`p:${peerId}`).map(() => displayName(friend)));
    uploads.update(app.files.uploadsTo({ peer: peerId }));
    if (opened) textarea.focus();
    showJump(state, `p:${peerId}`, list);
  }

  // Recall buttons disappear when the window passes, without waiting for another change.
  const timer = setInterval(() => state.openPeer !== undefined && update(), 15_000);
  app.onDispose(() => clearInterval(timer));
  return { el, update };
}
