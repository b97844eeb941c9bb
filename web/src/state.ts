// The page's model of the chat: friends, requests, conversations and their messages, and how each
// server event, history page or send reply changes it (groups: ./group-state). Plain data and
// functions, no DOM.
import { DELETED_USER_NAME, type ChatEvent } from "../../client";
import type { Friend, FriendRequest, SettablePresence } from "../../protocol/events";
import type { HelloFrame } from "../../protocol/frames";
import type { StoredFile } from "../../protocol/files";
import type { HistoryMessage } from "../../protocol/history";
import type { Upload } from "./files-app";
import { hideGroupEntries, type GroupConv } from "./group-state";

/** The server's default recall window (RECALL_WINDOW_SECONDS); the server has the last word. */
export const RECALL_WINDOW_MS = 120_000;

export type Mark = "sending" | "failed" | "sent" | "delivered" | "read" | "recalled";
/** `offline`: the browser says there is no network; `ended`: stopped until the user acts. */
export type Connection = "connecting" | "online" | "reconnecting" | "offline" | "ended";

export interface Msg {
  /** `<from>:<clientMsgId>`: the server's own idempotency key, known before the ack. */
  key: string;
  clientMsgId: string;
  messageId?: string;
  /** Conversation sequence; missing until the server stored it. */
  seq?: number;
  from: number;
  to: number;
  /** Empty when the message is only a file. */
  body: string | null;
  /** The attachment; gone once recalled. */
  file?: StoredFile;
  sentAt: string;
  recalled: boolean;
  /** When the sender last edited the text (absent if never). */
  editedAt?: string;
  /** Why the last send attempt was refused (the message is not stored). */
  error?: string;
}

export interface Conversation {
  peerId: number;
  messages: Map<string, Msg>;
  /** Receipts for my messages: the peer has received / read everything up to these seqs. */
  deliveredUpTo: number;
  readUpTo: number;
  /** `before` for the next older history page: undefined = not loaded yet, null = no more. */
  nextBefore: number | null | undefined;
  unread: number;
  /** Highest seq from the peer that `unread` already accounts for. */
  countedUpTo: number;
}

export interface ChatState {
  me: { id: number; username: string };
  presence: SettablePresence;
  friends: Map<number, Friend>;
  incoming: Map<number, FriendRequest>;
  outgoing: Map<number, FriendRequest>;
  conversations: Map<number, Conversation>;
  openPeer?: number;
  /** Group conversations this page has seen (the list with its counts is the SDK's). */
  groups: Map<string, GroupConv>;
  /** At most one of openPeer and openGroup is set. */
  openGroup?: string;
  /** A message to scroll to and highlight once its conversation shows it (a search hit). */
  jump?: { conversation: `p:${number}` | `g:${string}`; seq: number };
  /** Names of people who are not friends (group members), looked up by id. */
  names: Map<number, string>;
  /** Files on their way up (1:1 and groups), by upload id. */
  uploads: Map<string, Upload>;
  connection: Connection;
  connectionDetail?: string;
  /** Server time of the last hello, and server clock minus ours. */
  helloAt: number;
  skewMs: number;
  /** The server's edit window (hello's editWindowSeconds); the server has the last word (EDIT_WINDOW_PASSED). */
  editWindowMs: number;
}

export function createState(me: { id: number; username: string }): ChatState {
  return {
    me,
    presence: "online",
    friends: new Map(),
    incoming: new Map(),
    outgoing: new Map(),
    conversations: new Map(),
    groups: new Map(),
    names: new Map(),
    uploads: new Map(),
    connection: "connecting",
    helloAt: 0,
    skewMs: 0,
    // Until the first hello says: the default EDIT_WINDOW_SECONDS.
    editWindowMs: 900_000,
  };
}

export function conversation(state: ChatState, peerId: number): Conversation {
  let conv = state.conversations.get(peerId);
  if (!conv) {
    conv = { peerId, messages: new Map(), deliveredUpTo: 0, readUpTo: 0, nextBefore: undefined, unread: 0, countedUpTo: 0 };
    state.conversations.set(peerId, conv);
  }
  return conv;
}

export const displayName = (f: { alias?: string; nickname: string; username: string }): string => f.alias || f.nickname || f.username;

/** A person's name as this page knows it: a friend's display name, a looked-up name, or the id. */
export function nameOf(state: ChatState, uid: number): string {
  if (uid === state.me.id) return state.me.username;
  const friend = state.friends.get(uid);
  return friend ? displayName(friend) : (state.names.get(uid) ?? `user ${uid}`);
}

/** Every connection starts with a full snapshot: friends, requests and unread counts. */
export function applyHello(state: ChatState, hello: HelloFrame): void {
  state.helloAt = Date.parse(hello.serverTime);
  state.skewMs = state.helloAt - Date.now();
  state.editWindowMs = hello.editWindowSeconds * 1000;
  state.presence = hello.presence;
  state.friends = new Map(hello.friends.map((f) => [f.id, f]));
  state.incoming = new Map(hello.requests.incoming.map((r) => [r.id, r]));
  state.outgoing = new Map(hello.requests.outgoing.map((r) => [r.id, r]));
  for (const conv of state.conversations.values()) conv.unread = 0;
  for (const u of hello.unread) {
    const conv = conversation(state, u.peerId);
    conv.unread = u.count;
    conv.countedUpTo = Math.max(conv.countedUpTo, u.lastSeq);
  }
}

interface Incoming {
  clientMsgId: string;
  messageId: string;
  seq: number;
  from: number;
  to: number;
  body: string | null;
  file?: StoredFile;
  sentAt: string;
  recalled?: boolean;
  editedAt?: string;
}

/** Adds or completes a message (a live event, a history row or a send ack for the same key). */
export function upsertMessage(state: ChatState, m: Incoming): Msg {
  const peerId = m.from === state.me.id ? m.to : m.from;
  const conv = conversation(state, peerId);
  const key = `${m.from}:${m.clientMsgId}`;
  const existing = conv.messages.get(key);
  const recalled = Boolean(existing?.recalled || m.recalled);
  const msg: Msg = {
    key,
    clientMsgId: m.clientMsgId,
    messageId: m.messageId,
    seq: m.seq,
    from: m.from,
    to: m.to,
    sentAt: m.sentAt,
    recalled,
    body: recalled ? null : (m.body ?? existing?.body ?? null),
    file: recalled ? undefined : (m.file ?? existing?.file),
    editedAt: m.editedAt ?? existing?.editedAt,
  };
  // A live edit may overtake the copy being stored (history page, echo): the edited text wins.
  if (!recalled && existing?.editedAt && (!m.editedAt || existing.editedAt > m.editedAt))
    Object.assign(msg, { body: existing.body, editedAt: existing.editedAt });
  conv.messages.set(key, msg);
  return msg;
}

/** A message I am sending, shown at once as "sending". */
export function addPending(state: ChatState, to: number, body: string, file?: StoredFile, clientMsgId = crypto.randomUUID()): Msg {
  const msg: Msg = {
    key: `${state.me.id}:${clientMsgId}`,
    clientMsgId,
    from: state.me.id,
    to,
    body,
    file,
    sentAt: new Date(Date.now() + state.skewMs).toISOString(),
    recalled: false,
  };
  conversation(state, to).messages.set(msg.key, msg);
  return msg;
}

/** My messages not stored yet and not refused: still to be acked (re-sent with the same key). */
export const unacked = (state: ChatState): Msg[] =>
  [...state.conversations.values()].flatMap((c) =>
    [...c.messages.values()].filter((m) => m.from === state.me.id && m.seq === undefined && !m.error),
  );

export function addHistory(state: ChatState, peerId: number, rows: HistoryMessage[], nextBefore: number | null): void {
  const conv = conversation(state, peerId);
  for (const row of rows) {
    upsertMessage(state, { ...row, recalled: row.status === "recalled" });
    if (row.from !== state.me.id) continue;
    if (row.status === "read") conv.readUpTo = Math.max(conv.readUpTo, row.seq);
    if (row.status === "read" || row.status === "delivered") conv.deliveredUpTo = Math.max(conv.deliveredUpTo, row.seq);
  }
  conv.nextBefore = nextBefore;
}

export function markOf(state: ChatState, conv: Conversation, msg: Msg): Mark | undefined {
  if (msg.recalled) return "recalled";
  if (msg.from !== state.me.id) return undefined;
  if (msg.error) return "failed";
  if (msg.seq === undefined) return "sending";
  if (msg.seq <= conv.readUpTo) return "read";
  return msg.seq <= conv.deliveredUpTo ? "delivered" : "sent";
}

/** My own text message still inside the edit window (the server checks again). */
export function canEdit(
  state: ChatState,
  msg: { from: number; messageId?: string; recalled: boolean; body: string | null; sentAt: string },
): boolean {
  return (
    msg.from === state.me.id &&
    msg.messageId !== undefined &&
    !msg.recalled &&
    Boolean(msg.body) &&
    Date.now() + state.skewMs - Date.parse(msg.sentAt) < state.editWindowMs
  );
}

export function canRecall(state: ChatState, msg: Msg): boolean {
  return (
    msg.from === state.me.id &&
    msg.messageId !== undefined &&
    !msg.recalled &&
    Date.now() + state.skewMs - Date.parse(msg.sentAt) < RECALL_WINDOW_MS
  );
}

/** By seq; messages not yet stored go last, in the order they were written. */
export function sortedMessages(conv: Conversation): Msg[] {
  return [...conv.messages.values()].sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity) || a.sentAt.localeCompare(b.sentAt));
}

/** Highest seq of the peer's messages I have, i.e. what a `read` should cover. */
export function lastPeerSeq(conv: Conversation): number {
  let max = conv.countedUpTo;
  for (const m of conv.messages.values()) if (m.from === conv.peerId && m.seq !== undefined && m.seq > max) max = m.seq;
  return max;
}

const peerOf = (state: ChatState, conversationKey: string): number =>
  conversationKey
    .split(":")
    .map(Number)
    .find((id) => id !== state.me.id) ?? state.me.id;

/** Applies one server event; returns a sentence worth a notification, if any. */
export function applyEvent(state: ChatState, event: ChatEvent): string | undefined {
  switch (event.type) {
    case "message": {
      const m = event.message;
      upsertMessage(state, m);
      if (m.from === state.me.id) return undefined;
      const conv = conversation(state, m.from);
      // Queued messages older than the hello are already in its unread counts.
      if (m.seq > conv.countedUpTo && Date.parse(m.sentAt) >= state.helloAt) conv.unread += 1;
      conv.countedUpTo = Math.max(conv.countedUpTo, m.seq);
      return undefined;
    }
    case "receipt": {
      const conv = conversation(state, event.peerId);
      conv.deliveredUpTo = Math.max(conv.deliveredUpTo, event.upToSeq);
      if (event.kind === "read") conv.readUpTo = Math.max(conv.readUpTo, event.upToSeq);
      return undefined;
    }
    case "recall": {
      const conv = conversation(state, peerOf(state, event.conversation));
      for (const m of conv.messages.values())
        if (m.messageId === event.messageId) Object.assign(m, { recalled: true, body: null, file: undefined });
      return undefined;
    }
    case "friend_request":
      if (event.request.to.id !== state.me.id) return void state.outgoing.set(event.request.id, event.request);
      state.incoming.set(event.request.id, event.request);
      return `${event.request.from.username} wants to be your friend`;
    case "friend_request_rejected":
      state.outgoing.delete(event.request.id);
      return `${event.request.to.username} declined your friend request`;
    case "friend_added": {
      const isNew = !state.friends.has(event.friend.id);
      state.friends.set(event.friend.id, event.friend);
      for (const map of [state.incoming, state.outgoing]) {
        for (const [id, r] of map) if (r.from.id === event.friend.id || r.to.id === event.friend.id) map.delete(id);
      }
      return isNew ? `You and ${displayName(event.friend)} are now friends` : undefined;
    }
    case "friend_removed":
      state.friends.delete(event.friendId);
      // Their messages, group entries and search hits read "Deleted user" from now on.
      if (event.accountDeleted) state.names.set(event.friendId, DELETED_USER_NAME);
      if (state.openPeer === event.friendId) state.openPeer = undefined;
      return undefined;
    case "presence": {
      const friend = state.friends.get(event.uid);
      if (friend) friend.presence = event.presence;
      return undefined;
    }
    case "edit": {
      const conv = conversation(state, peerOf(state, event.conversation));
      for (const m of conv.messages.values())
        if (m.messageId === event.messageId && !m.recalled) Object.assign(m, { body: event.body, editedAt: event.editedAt });
      return undefined;
    }
    case "hidden":
      if (event.groupId !== undefined) hideGroupEntries(state, event.groupId, event);
      else if (event.peerId !== undefined) hideMessages(conversation(state, event.peerId), event);
      return undefined;
    case "typing":
      return undefined;
    case "error":
      return event.message;
    case "close":
      return undefined;
  }
}

/** "Delete for me": one message, or every stored message up to `upToSeq` (later ones stay). */
export function hideMessages(conv: Conversation, what: { messageId?: string; upToSeq?: number }): void {
  for (const [key, m] of conv.messages) {
    const hit = what.messageId !== undefined ? m.messageId === what.messageId : m.seq !== undefined && m.seq <= (what.upToSeq ?? 0);
    if (hit) conv.messages.delete(key);
  }
  // Everything older is hidden too: the beginning, as far as this user is concerned.
  if (what.messageId === undefined) conv.nextBefore = null;
}
