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
  /** A friend's presence changed (from `presence_changed` frames; live only, no eseq). */
  presence: { type: "presence"; uid: number; presence: Presence };
  /** An error frame answering no pending request, or a frame that failed validation. */
  error: { type: "error"; code: string; message: string; retryAfter?: number; raw?: string };
  close: { type: "close"; code: number; reason: string };
}

export type ChatEventType = keyof ChatEventMap;
export type ChatEvent = ChatEventMap[ChatEventType];
export type DurableEvent = UserEvent;

interface Waiter {
  type: ChatEventType;
  matches: (event: ChatEvent) => boolean;
  resolve: (event: ChatEvent) => void;
}

export interface EventHub {
  emit(event: ChatEvent): void;
  on<K extends ChatEventType>(type: K, handler: (event: ChatEventMap[K]) => void): () => void;
  nextEvent<K extends ChatEventType>(type: K, predicate?: (event: ChatEventMap[K]) => boolean, timeoutMs?: number): Promise<ChatEventMap[K]>;
  events(): ChatEvent[];
}

/** Default cap on remembered events, so a long-lived client does not grow without bound. */
export const DEFAULT_EVENT_BUFFER = 10_000;

export function createEventHub(bufferLimit = DEFAULT_EVENT_BUFFER): EventHub {
  const log: ChatEvent[] = [];
  /** Arrived but not yet taken by a nextEvent call, in arrival order. */
  const unclaimed: ChatEvent[] = [];
  const waiters: Waiter[] = [];
  const handlers = new Map<ChatEventType, Set<(event: ChatEvent) => void>>();

  function emit(event: ChatEvent): void {
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

  function on<K extends ChatEventType>(type: K, handler: (event: ChatEventMap[K]) => void): () => void {
    const set = handlers.get(type) ?? new Set();
    handlers.set(type, set);
    // The map is keyed by type, so only events of type K ever reach this handler.
    const wrapped = handler as (event: ChatEvent) => void;
    set.add(wrapped);
    return () => void set.delete(wrapped);
  }

  function nextEvent<K extends ChatEventType>(type: K, predicate: (event: ChatEventMap[K]) => boolean = () => true, timeoutMs = 5000): Promise<ChatEventMap[K]> {
    const matches = (e: ChatEvent) => e.type === type && predicate(e as ChatEventMap[K]);
    const buffered = unclaimed.findIndex(matches);
    if (buffered >= 0) return Promise.resolve(unclaimed.splice(buffered, 1)[0] as ChatEventMap[K]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        type,
        matches,
        resolve: (e) => (clearTimeout(timer), resolve(e as ChatEventMap[K])),
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `no "${type}" event matched within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }

  return { emit, on, nextEvent, events: () => [...log] };
}
