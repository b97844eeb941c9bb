// The public shape of a chat connection and its options. Kept apart from the implementation so
// a later reconnecting client can offer the same interface across several sockets.
import type { SettablePresence } from "../protocol/events";
import type { HelloFrame, ServerFrame } from "../protocol/frames";
import type { ChatEvent, ChatEventMap, ChatEventType } from "./chat-events";
import type { OpenSocket } from "./socket";

/** The ack of a `send`: the message is stored durably, with its conversation seq. */
export type SentFrame = Extract<ServerFrame, { type: "sent" }>;
/** The ack of a `group_send`: the group object stored the message, with its group seq. */
export type GroupSentFrame = Extract<ServerFrame, { type: "group_sent" }>;
export type ErrorFrame = Extract<ServerFrame, { type: "error" }>;

/** Options of a send: its idempotency key, and a file (uploaded with `uploadFile`) to attach. */
export interface SendOptions {
  /** Default: a random UUID. A retry with the same key is stored once. */
  clientMsgId?: string;
  /** The attachment; the body may then be empty. Message events carry the file's metadata. */
  fileId?: string;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface ConnectChatOptions {
  /** `chat.url` from the login reply (ws:// or wss://). */
  url: string;
  token: string;
  /** Sent as `?device=`; without it the server makes one up (see `hello.deviceId`). */
  deviceId?: string;
  /** Default: the platform WebSocket. In workerd tests: `openSocketViaFetch(...)`. */
  openSocket?: OpenSocket;
  /** Timeout of send/read/recall/presence/ping; default 10 s. */
  requestTimeoutMs?: number;
  /** How long to wait for `hello` after the socket opens; default 10 s. */
  helloTimeoutMs?: number;
  /** Highest eseq an earlier connection handled: events at or below it are dropped as duplicates. */
  resumeFrom?: number;
  /** Events remembered for `events()` / `nextEvent`; default 10 000. */
  bufferLimit?: number;
  /**
   * Acks are cumulative, so frames arriving within this many ms share one (flushed on close);
   * default 20. Each ack is a storage write on the server: under load this halves them.
   */
  ackDelayMs?: number;
}

export interface ChatConnection {
  /** The server's first frame: profile, friends, pending requests, unread counts. */
  readonly hello: HelloFrame;
  /** Highest durable event received (and acked); anything at or below it is a duplicate. */
  readonly lastEseq: number;
  /** Resolves on the `sent` ack; rejects with QChatError on an error frame, timeout or close. */
  send(to: number, body: string, opts?: SendOptions): Promise<SentFrame>;
  /** Marks the conversation with `peerId` read up to `upToSeq`; resolves on `ok`. */
  read(peerId: number, upToSeq: number): Promise<void>;
  recall(messageId: string): Promise<void>;
  setPresence(status: SettablePresence): Promise<void>;
  /**
   * Replaces the text of a message this user sent, within the edit window (15 minutes by
   * default); both sides' devices get an `edit` event. Rejects with EDIT_WINDOW_PASSED /
   * MESSAGE_NOT_FOUND (not yours, unknown, or recalled).
   */
  edit(messageId: string, body: string): Promise<void>;
  /** Edits a group message of this user's (same window); rejects with GROUP_FORBIDDEN for another member's. */
  editInGroup(groupId: string, messageId: string, body: string): Promise<void>;
  /**
   * "Delete for me": hides `messageId`, or without it the whole conversation so far, on all of this
   * user's devices (each gets a `hidden` event) and in their history; the other side keeps it.
   * Rejects with CONVERSATION_NOT_FOUND / GROUP_NOT_FOUND.
   */
  hide(target: { peerId: number } | { groupId: string }, messageId?: string): Promise<void>;
  /**
   * Tells a friend (`{to}`) or a group (`{groupId}`) this user is typing; live only. The server
   * passes on at most one per conversation per 3 s (the rest resolve too, dropped), so calling it
   * on every keystroke is fine. Rejects with NOT_FRIENDS / GROUP_NOT_FOUND.
   */
  typing(target: { to: number } | { groupId: string }): Promise<void>;
  /** A message to a group; resolves on `group_sent` (same idempotency by clientMsgId as `send`). */
  sendToGroup(groupId: string, body: string, opts?: SendOptions): Promise<GroupSentFrame>;
  /** Marks a group read up to `upToSeq` on every device of this user; resolves on `ok`. */
  readGroup(groupId: string, upToSeq: number): Promise<void>;
  /** Recalls a group message (the sender within the window; admins and the owner at any time). */
  recallInGroup(groupId: string, messageId: string): Promise<void>;
  /** Sends the exact heartbeat string and resolves on the runtime's exact reply. */
  ping(timeoutMs?: number): Promise<void>;
  /** Subscribes to one event type; returns the unsubscribe function. */
  on<K extends ChatEventType>(type: K, handler: (event: ChatEventMap[K]) => void): () => void;
  /** The next matching event, including ones that arrived earlier and no nextEvent has taken. */
  nextEvent<K extends ChatEventType>(
    type: K,
    predicate?: (event: ChatEventMap[K]) => boolean,
    timeoutMs?: number,
  ): Promise<ChatEventMap[K]>;
  /** Every event received so far, in arrival order (the newest `bufferLimit`). */
  events(): ChatEvent[];
  /** Closes the socket; pending requests reject with CONNECTION_CLOSED at once. */
  close(code?: number, reason?: string): void;
  /** Resolves when the socket has closed, for any reason. */
  readonly closed: Promise<CloseInfo>;
}
