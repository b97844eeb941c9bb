// What the chat session prints: history, acks with receipt marks (✓ sent, ✓✓ delivered, read),
// incoming messages (attachments as `[file: name (size, type) id]`), recalls, presence and friend news. Pure bookkeeping, no I/O: it returns
// lines, and the seq to mark read when a message from the peer was shown.
import type { ChatClientEvent, HistoryMessage, SentFrame, StoredFile } from "../../client";
import type { Friend } from "../../protocol/events";
import { CLI } from "../errors";
import { clock, displayName, messageText } from "../format";

const MARK: Record<HistoryMessage["status"], string> = { sent: "✓", delivered: "✓✓", read: "✓✓ read", recalled: "(recalled)" };
const INDENT = "         ";

export interface ChatView {
  history(newestFirst: HistoryMessage[]): string[];
  /** A send of this session left: its echo as a `message` event is not shown again. */
  sending(clientMsgId: string): void;
  sent(ack: SentFrame, body: string, file?: StoredFile): string;
  /** `backlog`: the event was queued while this device was away (old receipts and friend news are skipped). */
  event(event: ChatClientEvent, backlog?: boolean): { lines: string[]; readUpTo?: number };
  /** The newest message of ours in this conversation not yet recalled. */
  lastOwn(): { messageId: string; seq: number } | undefined;
  /** The message shown as `#seq` (for /hide #seq). */
  messageAt(seq: number): string | undefined;
}

export function createChatView(me: number, peer: Friend, friends: Friend[]): ChatView {
  const peerName = displayName(peer);
  const names = new Map(friends.map((f) => [f.id, displayName(f)]));
  const conversation = me < peer.id ? `${me}:${peer.id}` : `${peer.id}:${me}`;
  const shown = new Set<string>();
  /** Message ids by the `#seq` shown with them. */
  const bySeq = new Map<number, string>();
  const ours = new Set<string>();
  const own: { messageId: string; seq: number }[] = [];
  const who = (uid: number) => (uid === me ? "you" : uid === peer.id ? peerName : (names.get(uid) ?? String(uid)));
  const line = (at: string, from: number, body: string, seq: number, file?: StoredFile) =>
    `${clock(at)} ${who(from)}: ${messageText(body, file)}  #${seq}`;

  return {
    history(newestFirst) {
      return [...newestFirst].reverse().map((m) => {
        shown.add(m.messageId);
        bySeq.set(m.seq, m.messageId);
        if (m.from === me && m.status !== "recalled") own.push({ messageId: m.messageId, seq: m.seq });
        const recalled = m.status === "recalled" || m.body === null;
        return `${line(m.sentAt, m.from, recalled ? "(recalled)" : (m.body ?? ""), m.seq, recalled ? undefined : m.file)}${m.from === me && m.status !== "recalled" ? ` ${MARK[m.status]}` : ""}`;
      });
    },
    sending: (clientMsgId) => void ours.add(clientMsgId),
    sent(ack, body, file) {
      if (!shown.has(ack.messageId)) own.push({ messageId: ack.messageId, seq: ack.seq });
      shown.add(ack.messageId);
      bySeq.set(ack.seq, ack.messageId);
      return `${line(ack.sentAt, me, body, ack.seq, file)} ✓`;
    },
    event(event, backlog = false) {
      switch (event.type) {
        case "message": {
          const m = event.message;
          if (m.conversation !== conversation) {
            return {
              lines:
                m.from === me ? [] : [`(${who(m.from)} wrote: "${messageText(m.body, m.file)}" — answer with \`${CLI} chat ${m.from}\`)`],
            };
          }
          if (shown.has(m.messageId) || ours.has(m.clientMsgId)) return { lines: [] };
          shown.add(m.messageId);
          bySeq.set(m.seq, m.messageId);
          if (m.from === me) {
            own.push({ messageId: m.messageId, seq: m.seq });
            return { lines: [`${line(m.sentAt, me, m.body, m.seq, m.file)} ✓ (from another device)`] };
          }
          return { lines: [line(m.sentAt, m.from, m.body, m.seq, m.file)], readUpTo: m.seq };
        }
        case "receipt":
          // Old receipts add nothing: the history above already shows each message's mark.
          if (backlog || event.conversation !== conversation || event.peerId !== peer.id) return { lines: [] };
          return { lines: [`${INDENT}${event.kind === "read" ? `✓✓ read by ${peerName}` : "✓✓ delivered"} up to #${event.upToSeq}`] };
        case "recall": {
          if (event.conversation !== conversation) return { lines: [] };
          const index = own.findIndex((o) => o.messageId === event.messageId);
          if (index >= 0) own.splice(index, 1);
          return { lines: [`${clock(event.at)} ${who(event.by)} recalled #${event.seq}`] };
        }
        case "edit":
          if (event.conversation !== conversation) return { lines: [] };
          return { lines: [`${clock(event.editedAt)} #${event.seq} edited: ${event.body}`] };
        case "typing":
          // Live and coalesced by the server (one per 3 s at most): a line each is not too chatty.
          return { lines: event.from === peer.id && event.groupId === undefined ? [`${INDENT}${peerName} is typing…`] : [] };
        case "presence":
          return { lines: event.uid === peer.id ? [`${INDENT}${peerName} is now ${event.presence}`] : [] };
        case "friend_request":
          return {
            lines: backlog
              ? []
              : [`${displayName(event.request.from)} (${event.request.from.id}) asks to be friends: \`${CLI} accept ${event.request.id}\``],
          };
        case "friend_added":
          names.set(event.friend.id, displayName(event.friend));
          return { lines: backlog ? [] : [`${displayName(event.friend)} is now your friend.`] };
        case "friend_removed":
          if (event.friendId !== peer.id) return { lines: [] };
          return {
            lines: [
              event.accountDeleted
                ? `${peerName} deleted their account; messages will be refused.`
                : `${peerName} is no longer your friend; messages will be refused.`,
            ],
          };
        case "error":
          return { lines: [`! ${event.code}: ${event.message}`] };
        default:
          return { lines: [] };
      }
    },
    lastOwn: () => own.at(-1),
    messageAt: (seq) => bySeq.get(seq),
  };
}
