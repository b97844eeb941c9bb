// The public shape of the resilient chat client: its options, connection states, why it stopped,
// and the interface (the ChatConnection calls plus lifecycle) that UIs, the CLI and tests use.
import type { SettablePresence } from "../protocol/events";
import type { HelloFrame } from "../protocol/frames";
import type { BackoffOptions } from "./backoff";
import type { ChatEventMap } from "./chat-events";
import type { GroupListEntry, GroupMessageReceipts, GroupSummary } from "./chat-client-groups";
import type { GroupSentFrame, SendOptions, SentFrame } from "./chat-types";
import type { QChatError } from "./errors";
import type { OpenSocket } from "./socket";

/** Why the client stopped reconnecting; only user action (a new login, `start()`) resumes. */
export interface StopReason {
  /**
   * AUTH_ENDED: close 4001 or the upgrade refused with 401 (log in again). DEVICE_REPLACED: 4002,
   * this device id connected elsewhere. DEVICE_LIMIT: 4003. STOPPED: `stop()` was called.
   */
  code: "AUTH_ENDED" | "DEVICE_REPLACED" | "DEVICE_LIMIT" | "STOPPED";
  message: string;
  /** The socket close code, when a close caused it. */
  closeCode?: number;
  /** The refused upgrade's error (TOKEN_EXPIRED, TOKEN_REVOKED...), when that caused it. */
  error?: QChatError;
}

/** Where the connection is; `state` events carry each change. */
export type ClientState =
  | { status: "idle" }
  | { status: "connecting"; attempt: number }
  | { status: "open"; hello: HelloFrame }
  /** Waiting `delayMs` before attempt number `attempt` (1 = first retry); `cause` says what failed. */
  | { status: "reconnecting"; attempt: number; delayMs: number; cause: string }
  | { status: "stopped"; reason: StopReason };

/**
 * The connection's events minus per-socket `close` (the client outlives sockets), plus `state`
 * and `groups` (the group list or a count in it changed: re-render it). Each connection's hello
 * replaces the list too, before its `state` event (open), without a `groups` event.
 */
export interface ChatClientEventMap extends Omit<ChatEventMap, "close"> {
  state: { type: "state"; state: ClientState };
  groups: { type: "groups"; groups: GroupSummary[] };
}
export type ChatClientEventType = keyof ChatClientEventMap;
export type ChatClientEvent = ChatClientEventMap[ChatClientEventType];

export interface ChatClientOptions {
  /** `chat.url` from the login reply (ws:// or wss://). */
  url: string;
  /** The access token, or a function asked before every connection (refresh it there). */
  token: string | (() => string | Promise<string>);
  /** Kept across reconnects so the server resumes this device's cursor; default: a random id. */
  deviceId?: string;
  /** Default: the platform WebSocket. Node 20: `openNodeSocket` from cli/node-socket.ts. */
  openSocket?: OpenSocket;
  backoff?: BackoffOptions;
  /** Heartbeat period; the socket is dead after two periods without any frame. Default 25 s. */
  heartbeatMs?: number;
  /** Overall limit of one send across reconnects; default 60 s. */
  sendTimeoutMs?: number;
  /** Limit of read/recall/setPresence, including waiting for a connection; default 10 s. */
  requestTimeoutMs?: number;
  /** Limit of opening a socket and receiving hello; default 10 s. */
  connectTimeoutMs?: number;
  /**
   * Asked when an upgrade fails without an HTTP status (browsers hide it): resolve false when
   * the token is no longer valid (e.g. `GET /v1/me` says 401) to stop with AUTH_ENDED.
   */
  verifyToken?: () => Promise<boolean>;
  /** Events remembered for `events()` / `nextEvent`; default 10 000. */
  bufferLimit?: number;
}

export interface ChatClient {
  readonly state: ClientState;
  /** The latest connection's hello (undefined before the first). */
  readonly hello: HelloFrame | undefined;
  readonly deviceId: string;
  /** Highest durable event handled, carried across connections. */
  readonly lastEseq: number;
  /** Sends not yet acknowledged. */
  readonly pendingSends: number;
  /** Connects (no-op while running); after a stop it starts over. */
  start(): void;
  /** Closes the socket, rejects queued sends with STOPPED; resolves once the socket has closed. */
  stop(): Promise<void>;
  /** Skips the backoff wait, or drops the current socket and connects again. */
  reconnectNow(): void;
  /** Resolves with the hello once open (at once if open); rejects on stop or after `timeoutMs`. */
  whenOpen(timeoutMs?: number): Promise<HelloFrame>;
  /**
   * Resolves on the `sent` ack, however many reconnects that takes (same clientMsgId each time);
   * rejects on a non-retryable error frame (NOT_FRIENDS, FILE_NOT_FOUND...), a stop, or after
   * `sendTimeoutMs`. `fileId` attaches an uploaded file (the body may then be empty); re-sends keep it.
   */
  send(to: number, body: string, opts?: SendOptions): Promise<SentFrame>;
  read(peerId: number, upToSeq: number): Promise<void>;
  recall(messageId: string): Promise<void>;
  setPresence(status: SettablePresence): Promise<void>;
  /** As the connection's `edit`, `editInGroup` and `hide`, waiting for a connection like `recall`. */
  edit(messageId: string, body: string): Promise<void>;
  editInGroup(groupId: string, messageId: string, body: string): Promise<void>;
  hide(target: { peerId: number } | { groupId: string }, messageId?: string): Promise<void>;
  /** "I am typing" (live only): resolves at once, doing nothing, while not connected. */
  typing(target: { to: number } | { groupId: string }): Promise<void>;
  /**
   * A message to a group, with `send`'s reliability: queued in the same outbox, sent again with
   * the same clientMsgId after reconnects, resolved by `group_sent`. Our own message also comes
   * back as a `group_message` event (the echo to all our devices), once: match it by messageId.
   */
  sendToGroup(groupId: string, body: string, opts?: SendOptions): Promise<GroupSentFrame>;
  /** Marks the group read up to `upToSeq` (all our devices); its counts in `groups` follow. */
  readGroup(groupId: string, upToSeq: number): Promise<void>;
  recallInGroup(groupId: string, messageId: string): Promise<void>;
  /** Our groups with unread and mention counts: from hello, kept current by events and reads. */
  readonly groups: GroupSummary[];
  group(groupId: string): GroupSummary | undefined;
  /** "Read by N of M" for our message `seq`, from the latest `group_receipts` (undefined before one). */
  groupReceipts(groupId: string, seq: number): GroupMessageReceipts | undefined;
  /** Replaces the group list, e.g. with `http.listGroups()` after creating, joining or muting over HTTP. */
  adoptGroups(groups: GroupListEntry[]): void;
  /** One heartbeat round trip on the current socket. */
  ping(timeoutMs?: number): Promise<void>;
  on<K extends ChatClientEventType>(type: K, handler: (event: ChatClientEventMap[K]) => void): () => void;
  nextEvent<K extends ChatClientEventType>(
    type: K,
    predicate?: (event: ChatClientEventMap[K]) => boolean,
    timeoutMs?: number,
  ): Promise<ChatClientEventMap[K]>;
  events(): ChatClientEvent[];
}
