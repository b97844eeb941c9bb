// Typed events of a chat connection and the hub that delivers them: listeners (`on`), a full
// log (`events()`) and a queue of not-yet-awaited events so `nextEvent` never races arrival.
import type { Presence, UserEvent } from "../protocol/events";
import { CLIENT_ERROR, QChatError } from "./errors";

type Durable<T extends UserEvent["type"]> = Extract<UserEvent, { type: T }>;

/** Every event a connection emits, by type. Durable ones carry their stream position `eseq`. */
export interface ChatEventMap {
  message: Durable<"message">;
  receipt: Durable<"receipt">;
  recall: Durable<"recall">;
  friend_request: Durable<"friend_request">;
  friend_request_rejected: Durable<"friend_request_rejected">;
  friend_added: Durable<"friend_added">;
  friend_removed: Durable<"friend_removed">;
  group_message: Durable<"group_message">;
  group_change: Durable<"group_change">;
  group_recall: Durable<"group_recall">;
  group_receipts: Durable<"group_receipts">;
  /** This user read a group on one of their devices (counts cleared up to `upToSeq` everywhere). */
  group_read: Durable<"group_read">;
  /** This user muted or unmuted a group on one of their devices: show it here too. */
  group_muted: Durable<"group_muted">;
  /** The sender edited a message (both sides' devices): show `body`, marked edited at `editedAt`. */
  edit: Durable<"edit">;
  /** The sender edited a group message (every member's devices). */
  group_edit: Durable<"group_edit">;
  /** This user hid a message or a conversation on one of their devices ("delete for me"): hide it here too. */
  hidden: Durable<"hidden">;
  /** A friend's presence changed (from `presence_changed` frames; live only, no eseq). */
  presence: { type: "presence"; uid: number; presence: Presence };
  /**
   * A friend (`to` is you) or a member of `groupId` is typing (from `typing` frames; live only, no
   * eseq): show it for `expiresInMs` unless another one renews it.
   */
  typing: { type: "typing"; from: number; to?: number; groupId?: string; expiresInMs: number };
  /** An error frame answering no pending request, or a frame that failed validation. */
  error: { type: "error"; code: string; message: string; retryAfter?: number; raw?: string };
  close: { type: "close"; code: number; reason: string };
}

export type ChatEventType = keyof ChatEventMap;
export type ChatEvent = ChatEventMap[ChatEventType];
export type DurableEvent = UserEvent;

/** Any map of event name -> event whose `type` is that name (ChatEventMap, ChatClientEventMap). */
export type EventMapOf<M> = { [K in keyof M]: { type: K } };

interface Waiter<E> {
  type: PropertyKey;
  matches: (event: E) => boolean;
  resolve: (event: E) => void;
}

export interface EventHub<M extends EventMapOf<M> = ChatEventMap> {
  emit(event: M[keyof M]): void;
  on<K extends keyof M>(type: K, handler: (event: M[K]) => void): () => void;
  nextEvent<K extends keyof M>(type: K, predicate?: (event: M[K]) => boolean, timeoutMs?: number): Promise<M[K]>;
  events(): M[keyof M][];
}

/** Default cap on remembered events, so a long-lived client does not grow without bound. */
export const DEFAULT_EVENT_BUFFER = 10_000;

export function createEventHub<M extends EventMapOf<M> = ChatEventMap>(bufferLimit = DEFAULT_EVENT_BUFFER): EventHub<M> {
  type E = M[keyof M];
  const log: E[] = [];
  /** Arrived but not yet taken by a nextEvent call, in arrival order. */
  const unclaimed: E[] = [];
  const waiters: Waiter<E>[] = [];
  const handlers = new Map<PropertyKey, Set<(event: E) => void>>();

  function emit(event: E): void {
    log.push(event);
    if (log.length > bufferLimit) log.shift();
    const waiter = waiters.findIndex((w) => w.type === event.type && w.matches(event));
    if (waiter >= 0) waiters.splice(waiter, 1)[0]!.resolve(event);
    else if (unclaimed.push(event) > bufferLimit) unclaimed.shift();
    for (const handler of handlers.get(event.type) ?? []) {
      try {
        handler(event);
      } catch (err) {
        // A throwing listener must not stop delivery to the others or break the socket loop.
        console.error("qchat client: event handler threw", err);
      }
    }
  }

  function on<K extends keyof M>(type: K, handler: (event: M[K]) => void): () => void {
    const set = handlers.get(type) ?? new Set();
    handlers.set(type, set);
    // The map is keyed by type, so only events of type K ever reach this handler.
    const wrapped = handler as (event: E) => void;
    set.add(wrapped);
    return () => void set.delete(wrapped);
  }

  function nextEvent<K extends keyof M>(type: K, predicate: (event: M[K]) => boolean = () => true, timeoutMs = 5000): Promise<M[K]> {
    const matches = (e: E) => e.type === type && predicate(e as M[K]);
    const buffered = unclaimed.findIndex(matches);
    if (buffered >= 0) return Promise.resolve(unclaimed.splice(buffered, 1)[0] as M[K]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<E> = {
        type,
        matches,
        resolve: (e) => (clearTimeout(timer), resolve(e as M[K])),
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `no "${String(type)}" event matched within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }

  return { emit, on, nextEvent, events: () => [...log] };
}
