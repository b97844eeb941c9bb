// The open group: its log (messages with the sender's name, highlighted mentions and files, and
// the group's changes inline), "read by N of M" under my own messages, recall, edit and "delete for
// me", "… is typing", the mute switch, the member panel, clearing the log for me, and the composer
// with @ completion (Up-arrow edits my last message). Rows are kept by key and only rebuilt when
// they change, so scrolling and focus survive live updates.
import { MAX_MESSAGE_CHARS } from "../../protocol/frames";
import { createAttachments } from "./attachment-view";
import type { ChatApp } from "./chat-app";
import { h, replace } from "./dom";
import { attachFileInput } from "./file-input";
import { describeChange } from "./group-notes";
import { groupConv, isAdmin, myRole, sortedEntries, type GroupConv, type GroupMsg, type GroupNote } from "./group-state";
import { createMemberPanel } from "./member-panel";
import { attachMentionComplete, type MentionCandidate } from "./mention-complete";
import { mentionsAsNames, mentionsMe, namesAsMentions, renderMentions } from "./mention-text";
import { nameOf, RECALL_WINDOW_MS } from "./state";
import { createUploadList } from "./upload-list";
import { composerKeys } from "./composer-keys";
import { attachComposerEdit } from "./composer-edit";
import { askClear, askHide } from "./everyday-confirm";
import { headerMenu } from "./header-menu";
import { showJump } from "./jump-highlight";
import { messageActions, quoteOf } from "./message-actions";
import { canEdit } from "./state";
import { toast } from "./toast";
import { typingLine } from "./typing-line";
import { keepScroll, reconcileRows } from "./message-list";

const LOAD_OLDER_PX = 80;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function createGroupView(app: ChatApp) {
  const { state } = app;
  const rows = new Map<string, HTMLLIElement>();
  let shownGroup: string | undefined;
  let membersOpen = false;
  let menuFor = "";

  const title = h("h2", { id: "group-title", tabindex: -1 });
  const back = h("button", { type: "button", class: "back secondary", "aria-label": "Back to the list" }, "‹ Chats");
  const status = h("span", { class: "status muted" });
  const mute = h("button", { type: "button", class: "small secondary", "aria-pressed": "false" }, "Mute");
  const membersButton = h(
    "button",
    { type: "button", class: "small secondary", "aria-controls": "member-panel", "aria-expanded": "false" },
    "Members",
  );
  const older = h("button", { type: "button", class: "older secondary small" }, "Load earlier messages");
  const start = h("p", { class: "muted start" }, "This is the beginning of the group, as far as you can see it.");
  const list = h("ol", { class: "message-list" });
  const scroller = h("div", { class: "messages", role: "log", "aria-labelledby": "group-title", tabindex: 0 }, older, start, list);
  const textarea = h("textarea", {
    id: "group-composer",
    name: "body",
    rows: 1,
    maxlength: MAX_MESSAGE_CHARS,
    required: true,
    placeholder: "Write a message; @ mentions a member",
    enterkeyhint: "send",
  });
  const composerLabel = h("label", { for: "group-composer", class: "sr-only" });
  const mentions = attachMentionComplete(textarea, () => candidates());
  const composer = h("form", { class: "composer" }, composerLabel, mentions.el, textarea, h("button", { type: "submit" }, "Send"));
  const uploads = createUploadList();
  const attachments = createAttachments(app.files.urls, scroller);
  const members = createMemberPanel(app, () => toggleMembers(false));
  const menu = headerMenu("Group options");
  const header = h("header", { class: "conversation-header" }, back, title, status, mute, membersButton, menu.el);
  const typing = typingLine();
  const el = h(
    "main",
    { class: "conversation group-view", "aria-label": "Group conversation" },
    header,
    h("div", { class: "group-body" }, h("div", { class: "group-log" }, scroller, typing.el, uploads.el, composer), members.el),
  );
  composer.prepend(
    attachFileInput({
      zone: el,
      textarea,
      active: () => state.openGroup !== undefined,
      onFiles: (files) => state.openGroup !== undefined && app.files.send({ group: state.openGroup }, files),
    }),
  );

  /** Members to mention (not me); `@all` for admins. */
  function candidates(): MentionCandidate[] {
    const conv = state.openGroup === undefined ? undefined : groupConv(state, state.openGroup);
    if (!conv?.members) return [];
    const people: MentionCandidate[] = conv.members
      .filter((m) => m.uid !== state.me.id)
      .map((m) => ({ uid: m.uid, name: nameOf(state, m.uid) }));
    return isAdmin(myRole(state, conv)) ? [...people, { uid: "all", name: "all" }] : people;
  }

  function toggleMembers(open: boolean): void {
    membersOpen = open;
    update();
    if (!open) membersButton.focus();
  }

  back.addEventListener("click", () => {
    const gid = state.openGroup;
    void app.groups.open(undefined);
    queueMicrotask(() => (document.querySelector(`[data-focus="group-${gid}"]`) as HTMLElement | null)?.focus());
  });
  membersButton.addEventListener("click", () => toggleMembers(!membersOpen));
  mute.addEventListener("click", () => {
    const gid = state.openGroup;
    if (gid === undefined) return;
    mute.disabled = true;
    void app.groups.setMuted(gid, mute.getAttribute("aria-pressed") !== "true").finally(() => (mute.disabled = false));
  });
  older.addEventListener("click", () => state.openGroup !== undefined && void app.groups.loadOlder(state.openGroup));
  scroller.addEventListener("scroll", () => {
    if (scroller.scrollTop < LOAD_OLDER_PX && state.openGroup !== undefined) void app.groups.loadOlder(state.openGroup);
  });
  const fit = composerKeys(composer, textarea);
  const editor = attachComposerEdit({ textarea, fit, lastEditable });
  composer.before(editor.el);
  textarea.addEventListener("input", () => {
    if (textarea.value.trim() && state.openGroup !== undefined && !editor.target) app.typing.typed({ groupId: state.openGroup });
  });
  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const editing = editor.target;
    if (editing && state.openGroup !== undefined) return saveEdit(state.openGroup, editing.key);
    const body = mentions.encode(textarea.value.trim());
    if (!body || state.openGroup === undefined) return;
    app.groups.send(state.openGroup, body);
    textarea.value = "";
    mentions.reset();
    fit();
    textarea.focus();
  });

  const name = (uid: number) => nameOf(state, uid);

  const editableText = (msg: GroupMsg) => mentionsAsNames(msg, name);

  function saveEdit(groupId: string, key: string): void {
    const msg = groupConv(state, groupId).entries.get(key);
    const text = textarea.value.trim();
    if (!text || msg?.kind !== "message") return;
    const body = namesAsMentions(text, msg.mentions, name);
    if (body === msg.body) return editor.finish();
    void app.changes.editInGroup(groupId, msg, body).then((ok) => ok && editor.target?.key === key && editor.finish());
  }

  /** My newest message that can still be edited (Up-arrow in an empty composer). */
  function lastEditable() {
    if (state.openGroup === undefined) return undefined;
    const msg = sortedEntries(groupConv(state, state.openGroup))
      .reverse()
      .find((e): e is GroupMsg => e.kind === "message" && canEdit(state, e));
    return msg && { key: msg.key, text: editableText(msg) };
  }

  async function hide(groupId: string, msg: GroupMsg): Promise<void> {
    if (await askHide(msg.body, "every other member")) await app.changes.hideInGroup(groupId, msg);
  }

  async function clearGroup(groupId: string, groupName: string): Promise<void> {
    if ((await askClear(`the messages of “${groupName}”`, "every other member")) && (await app.changes.clearGroup(groupId)))
      toast(`“${groupName}” cleared for you`);
  }
  const who = (uid: number, subject = false) => (uid === state.me.id ? (subject ? "You" : "you") : name(uid));

  function canRecall(conv: GroupConv, msg: GroupMsg): boolean {
    if (!msg.messageId || msg.recalled) return false;
    if (isAdmin(myRole(state, conv))) return true;
    return msg.from === state.me.id && Date.now() + state.skewMs - Date.parse(msg.sentAt) < RECALL_WINDOW_MS;
  }

  /** "Read by N of M" for my stored message; before any count, nobody has read it yet. */
  function receiptText(conv: GroupConv, msg: GroupMsg): { text: string; read: number; delivered: number } {
    const r = msg.seq === undefined ? undefined : conv.receipts.get(msg.seq);
    const of = r?.members ?? Math.max((conv.group?.memberCount ?? 1) - 1, 0);
    return { text: `Read by ${r?.readBy ?? 0} of ${of}`, read: r?.readBy ?? 0, delivered: r?.deliveredTo ?? 0 };
  }

  function noteRow(note: GroupNote): HTMLLIElement {
    return h("li", { class: "note", "data-seq": note.seq, "data-change": note.change.kind }, describeChange(note.change, note.by, who));
  }

  function messageRow(conv: GroupConv, msg: GroupMsg): HTMLLIElement {
    const mine = msg.from === state.me.id;
    const forMe = !mine && mentionsMe(msg, state.me.id);
    const li = h("li", {
      class: `msg ${mine ? "mine" : "theirs"}${msg.recalled ? " recalled" : ""}${forMe ? " mentions-me" : ""}`,
      "data-key": msg.key,
      "data-seq": msg.seq,
    });
    if (!mine) li.append(h("p", { class: "sender" }, name(msg.from)));
    if (msg.recalled) li.append(h("p", { class: "body" }, mine ? "You recalled a message" : "Message recalled"));
    else {
      // A message that is only a file shows no empty bubble for its text.
      if (msg.file) li.append(attachments.render(msg.clientMsgId ?? msg.key, msg.file, conv.groupId));
      if (msg.body || !msg.file)
        li.append(h("p", { class: "body" }, ...renderMentions({ ...msg, body: msg.body ?? "" }, name, state.me.id)));
      if (msg.file) li.classList.add("has-file");
    }
    const meta = h("div", { class: "meta" }, h("time", { datetime: msg.sentAt }, timeFormat.format(new Date(msg.sentAt))));
    if (msg.editedAt && !msg.recalled)
      meta.append(h("span", { class: "edited", title: `Edited ${new Date(msg.editedAt).toLocaleString()}` }, "(edited)"));
    if (mine && !msg.recalled) {
      if (msg.error) meta.append(h("span", { class: "mark", "data-mark": "failed" }, "Not sent"));
      else if (msg.seq === undefined) meta.append(h("span", { class: "mark", "data-mark": "sending" }, "Sending…"));
      else {
        const r = receiptText(conv, msg);
        meta.append(
          h("span", { class: "readby", "data-read": r.read, "data-delivered": r.delivered, title: `Delivered to ${r.delivered}` }, r.text),
        );
      }
    }
    if (canRecall(conv, msg)) {
      const recall = h("button", { type: "button", class: "link recall" }, "Recall");
      recall.addEventListener("click", () => state.openGroup && void app.groups.recall(state.openGroup, msg));
      meta.append(recall);
    }
    if (msg.messageId)
      meta.append(
        ...messageActions({
          quote: quoteOf(msg.body),
          edit: canEdit(state, msg) ? () => editor.start({ key: msg.key, text: editableText(msg) }) : undefined,
          hide: () => void hide(conv.groupId, msg),
        }),
      );
    if (msg.error) {
      const retry = h("button", { type: "button", class: "link" }, "Retry");
      retry.addEventListener("click", () => state.openGroup && app.groups.retry(state.openGroup, msg));
      meta.append(h("span", { class: "error" }, msg.error), retry);
    }
    li.append(meta);
    return li;
  }

  function signatureOf(conv: GroupConv, e: GroupMsg | GroupNote): string {
    if (e.kind === "change") return `c|${describeChange(e.change, e.by, who)}`;
    const names = [e.from, ...e.mentions].map(name).join(",");
    const receipt = e.from === state.me.id && e.seq !== undefined ? receiptText(conv, e).text + conv.receipts.get(e.seq)?.deliveredTo : "";
    return `m|${e.seq}|${e.body}|${e.editedAt}|${e.file?.id}|${e.file?.thumbnailId}|${e.recalled}|${e.error}|${canRecall(conv, e)}|${canEdit(state, e)}|${names}|${receipt}`;
  }

  function updateEntries(conv: GroupConv, opened: boolean): void {
    const restoreScroll = keepScroll(list, scroller);
    reconcileRows(
      list,
      rows,
      sortedEntries(conv).map((entry) => ({
        key: entry.key,
        signature: signatureOf(conv, entry),
        render: () => (entry.kind === "change" ? noteRow(entry) : messageRow(conv, entry)),
      })),
    );
    older.hidden = conv.nextBefore === null || conv.nextBefore === undefined;
    older.disabled = app.groups.isLoading(conv.groupId);
    start.hidden = conv.nextBefore !== null;
    restoreScroll(opened);
  }

  function update(): void {
    const gid = state.openGroup;
    if (gid === undefined) {
      shownGroup = undefined;
      uploads.update([]);
      return;
    }
    const opened = shownGroup !== gid;
    if (opened) {
      rows.clear();
      attachments.clear();
      replace(list);
      mentions.reset();
      editor.reset();
      textarea.value = "";
      fit();
      shownGroup = gid;
    }
    const conv = groupConv(state, gid);
    const summary = app.groups.list().find((g) => g.groupId === gid);
    const groupName = conv.group?.name ?? summary?.name ?? "";
    replace(title, groupName);
    const count = conv.members?.length ?? conv.group?.memberCount;
    const topic = conv.group?.topic;
    replace(status, count === undefined ? "" : `${count} member${count === 1 ? "" : "s"}`, topic ? ` · ${topic}` : "");
    const muted = Boolean(summary?.muted);
    mute.setAttribute("aria-pressed", String(muted));
    mute.title = muted ? "Muted: no unread badge; mentions still count" : "Mute: no unread badge for this group";
    membersButton.setAttribute("aria-expanded", String(membersOpen));
    members.el.hidden = !membersOpen;
    el.dataset.members = membersOpen ? "open" : "closed";
    if (membersOpen) members.update();
    replace(composerLabel, `Message to ${groupName}`);
    updateEntries(conv, opened);
    typing.update(app.typing.who(`g:${gid}`).map(name));
    // Rebuilt only when it changes: a rebuild would close the menu under the reader's focus.
    if (menuFor !== `${gid}|${groupName}`) {
      menuFor = `${gid}|${groupName}`;
      menu.set([{ text: "Clear messages for me", run: () => void clearGroup(gid, groupName) }], `Options for ${groupName}`);
    }
    uploads.update(app.files.uploadsTo({ group: gid }));
    if (opened) textarea.focus();
    else mentions.refresh();
    showJump(state, `g:${gid}`, list);
  }

  const timer = setInterval(() => state.openGroup !== undefined && update(), 15_000);
  app.onDispose(() => clearInterval(timer));
  return { el, update };
}
