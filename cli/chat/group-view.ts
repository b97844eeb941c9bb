// What the group chat session prints: history with system entries, messages with sender names
// and `@uid` mentions shown as highlighted names, attachments as `[file: name (size, type) id]`, acks (✓) and "read by N of M" marks on our own
// messages, recalls, edits, who is typing and group changes. Pure bookkeeping, no I/O: it returns lines, the seq to
// mark read when someone else's message was shown, and whether our membership ended.
import type { ChatClientEvent, GroupHistoryEntry, GroupMessage, GroupSentFrame, StoredFile } from "../../client";
import type { GroupChange } from "../../protocol/groups";
import { CLI } from "../errors";
import { attachmentText, clock, messageText } from "../format";
import type { NameBook } from "../names";

const INDENT = "         ";

export interface GroupViewOptions {
  me: number;
  groupId: string;
  names: Pick<NameBook, "name">;
  /** Wraps a mention for display (bold on a terminal); identity when not given. */
  highlight?: (text: string) => string;
  /** Another group's name, for notices about it. */
  groupName?: (groupId: string) => string | undefined;
}

export interface GroupViewUpdate {
  lines: string[];
  /** Someone else's message was shown: mark the group read up to here. */
  readUpTo?: number;
  /** We left, were removed, or the group was dissolved: the session is over. */
  ended?: boolean;
}

export interface GroupView {
  history(newestFirst: GroupHistoryEntry[]): string[];
  /** A send of this session left: its echo as a `group_message` event is not shown again. */
  sending(clientMsgId: string): void;
  sent(ack: GroupSentFrame, body: string, file?: StoredFile): string;
  /** `backlog`: queued while this device was away (old receipts are skipped). */
  event(event: ChatClientEvent, backlog?: boolean): GroupViewUpdate;
  /** "read by N of M" lines for our messages (from `GET .../receipts` or a receipts event). */
  receipts(members: number, counts: { seq: number; deliveredTo: number; readBy: number }[]): string[];
  /** Our newest message here not yet recalled. */
  lastOwn(): { messageId: string; seq: number } | undefined;
  /** Seqs of our messages shown so far, oldest first. */
  ownSeqs(): number[];
  /** The message shown as `#seq` (for /hide #seq). */
  messageAt(seq: number): string | undefined;
}

/**
 * A body with `@<uid>` shown as `@name`; the mentions the server counted (`uids`, and `@all` when
 * `all`: an admin's) highlighted. A member's `@all` stays plain text, as it notified nobody.
 */
export function renderMentions(
  body: string,
  names: Pick<NameBook, "name">,
  highlight: (text: string) => string,
  counted: { uids: number[]; all: boolean },
): string {
  return body.replace(/@(all\b|\d{9}\b)/g, (text, who: string) => {
    if (who === "all") return counted.all ? highlight(text) : text;
    const shown = `@${names.name(Number(who))}`;
    return counted.uids.includes(Number(who)) ? highlight(shown) : shown;
  });
}

/** A group change in words, as its system line says it. */
export function describeChange(change: GroupChange, by: number, names: Pick<NameBook, "name">): string {
  const n = (uid: number) => names.name(uid);
  switch (change.kind) {
    case "created":
      return `${n(by)} created the group "${change.name}"`;
    case "renamed":
      return `${n(by)} renamed the group to "${change.name}"`;
    case "topic":
      return change.topic ? `${n(by)} set the topic: "${change.topic}"` : `${n(by)} cleared the topic`;
    case "avatar":
      return `${n(by)} changed the group's picture`;
    case "settings":
      return `${n(by)} ${change.membersCanInvite ? "let every member invite" : "let only admins invite"}`;
    case "members_added":
      return `${n(by)} added ${change.uids.map(n).join(", ")}`;
    case "joined_by_link":
      return `${n(change.uid)} joined with an invite link`;
    case "left":
      return `${n(change.uid)} left`;
    case "removed":
      return `${n(by)} removed ${n(change.uid)}`;
    case "role":
      return `${n(by)} made ${n(change.uid)} ${change.role === "admin" ? "an admin" : "a member"}`;
    case "owner":
      return `${n(change.uid)} is now the owner (was ${n(change.previous)})`;
    case "dissolved":
      return `${n(by)} dissolved the group`;
  }
}

export function createGroupView(opts: GroupViewOptions): GroupView {
  const { me, groupId, names } = opts;
  const highlight = opts.highlight ?? ((text: string) => text);
  const shown = new Set<string>();
  /** Message ids by the `#seq` shown with them. */
  const bySeq = new Map<number, string>();
  const ours = new Set<string>();
  const own: { messageId: string; seq: number }[] = [];
  /** Last "read by" text per seq, so a repeated receipt prints nothing. */
  const marks = new Map<number, string>();
  const noMentions = { uids: [], all: false };
  const line = (
    at: string,
    from: number,
    body: string,
    seq: number,
    counted: { uids: number[]; all: boolean } = noMentions,
    file?: StoredFile,
  ) => {
    const text = [renderMentions(body, names, highlight, counted), file ? attachmentText(file) : ""].filter(Boolean).join(" ");
    return `${clock(at)} ${names.name(from)}: ${text}  #${seq}`;
  };
  const counted = (m: { mentions: number[]; mentionsAll: boolean }) => ({ uids: m.mentions, all: m.mentionsAll });
  const mentionsMe = (m: GroupMessage) => m.mentions.includes(me) || m.mentionsAll;

  function receipts(members: number, counts: { seq: number; deliveredTo: number; readBy: number }[]): string[] {
    const lines: string[] = [];
    for (const c of counts) {
      const text = c.readBy > 0 ? `read by ${c.readBy} of ${members}` : `delivered to ${c.deliveredTo} of ${members}`;
      if (marks.get(c.seq) === text) continue;
      marks.set(c.seq, text);
      lines.push(`${INDENT}#${c.seq} ${text}`);
    }
    return lines;
  }

  function onMessage(m: GroupMessage): GroupViewUpdate {
    if (m.groupId !== groupId) {
      if (m.from === me || !mentionsMe(m)) return { lines: [] };
      const where = opts.groupName?.(m.groupId) ?? m.groupId;
      return {
        lines: [`(${names.name(m.from)} mentioned you in ${where}: "${messageText(m.body, m.file)}" — \`${CLI} group chat ${m.groupId}\`)`],
      };
    }
    if (shown.has(m.messageId) || ours.has(m.clientMsgId)) return { lines: [] };
    shown.add(m.messageId);
    bySeq.set(m.seq, m.messageId);
    if (m.from === me) {
      own.push({ messageId: m.messageId, seq: m.seq });
      return { lines: [`${line(m.sentAt, me, m.body, m.seq, counted(m), m.file)} ✓ (from another device)`] };
    }
    return { lines: [line(m.sentAt, m.from, m.body, m.seq, counted(m), m.file)], readUpTo: m.seq };
  }

  return {
    history(newestFirst) {
      return [...newestFirst].reverse().map((e) => {
        if (e.kind === "change" && e.change) {
          shown.add(`change:${e.seq}`);
          return `${clock(e.sentAt)} * ${describeChange(e.change, e.from, names)}  #${e.seq}`;
        }
        if (e.messageId) {
          shown.add(e.messageId);
          bySeq.set(e.seq, e.messageId);
        }
        const recalled = e.body === null || e.recalledAt !== null;
        if (e.from === me && e.messageId && !recalled) own.push({ messageId: e.messageId, seq: e.seq });
        return `${line(e.sentAt, e.from, recalled ? "(recalled)" : (e.body ?? ""), e.seq, counted(e), recalled ? undefined : e.file)}${e.from === me && !recalled ? " ✓" : ""}`;
      });
    },
    sending: (clientMsgId) => void ours.add(clientMsgId),
    sent(ack, body, file) {
      if (!shown.has(ack.messageId)) own.push({ messageId: ack.messageId, seq: ack.seq });
      shown.add(ack.messageId);
      bySeq.set(ack.seq, ack.messageId);
      return `${line(ack.sentAt, me, body, ack.seq, noMentions, file)} ✓`;
    },
    event(event, backlog = false) {
      switch (event.type) {
        case "group_message":
          return onMessage(event.message);
        case "group_change": {
          if (event.groupId !== groupId) return { lines: [] };
          const c = event.change;
          const ended = c.kind === "dissolved" || ((c.kind === "left" || c.kind === "removed") && c.uid === me);
          // A change still queued for this device may already be in the history printed above.
          if (shown.has(`change:${event.seq}`)) return { lines: [], ended };
          shown.add(`change:${event.seq}`);
          return { lines: [`${clock(event.at)} * ${describeChange(c, event.by, names)}  #${event.seq}`], ended };
        }
        case "group_recall": {
          if (event.groupId !== groupId) return { lines: [] };
          const index = own.findIndex((o) => o.messageId === event.messageId);
          if (index >= 0) own.splice(index, 1);
          return { lines: [`${clock(event.at)} ${names.name(event.by)} recalled #${event.seq}`] };
        }
        case "group_edit":
          if (event.groupId !== groupId) return { lines: [] };
          return { lines: [`${clock(event.editedAt)} #${event.seq} edited: ${renderMentions(event.body, names, highlight, noMentions)}`] };
        case "typing":
          // Live and coalesced by the server (one per member per 3 s at most), as in `chat`.
          if (event.groupId !== groupId || event.from === me) return { lines: [] };
          return { lines: [`${INDENT}${names.name(event.from)} is typing…`] };
        case "group_receipts":
          if (backlog || event.groupId !== groupId) return { lines: [] };
          return { lines: receipts(event.members, event.counts) };
        case "message": {
          const m = event.message;
          if (m.from === me) return { lines: [] };
          return {
            lines: [`(${names.name(m.from)} wrote to you: "${messageText(m.body, m.file)}" — answer with \`${CLI} chat ${m.from}\`)`],
          };
        }
        case "error":
          return { lines: [`! ${event.code}: ${event.message}`] };
        default:
          return { lines: [] };
      }
    },
    receipts,
    lastOwn: () => own.at(-1),
    ownSeqs: () => own.map((o) => o.seq),
    messageAt: (seq) => bySeq.get(seq),
  };
}
