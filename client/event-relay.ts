// Relays one connection's events into the resilient client's hub, dropping what an earlier
// connection already delivered: durable events by eseq (the server resends what was not acked),
// and `message` / `group_message` events also by messageId, so a message never shows twice across
// reconnects (nor a group message of ours: its echo to our devices carries the same messageId).
import type { ChatClientEventMap } from "./chat-client-types";
import type { ChatEventMap, EventHub } from "./chat-events";
import type { ChatConnection } from "./chat-types";
import type { SeenIds } from "./seen-ids";

/** What has been delivered so far, shared by all of a client's connections. */
export interface Delivered {
  /** Highest eseq relayed: the next connection resumes after it. */
  eseq: number;
  messageIds: SeenIds;
}

const DURABLE = [
  "message",
  "receipt",
  "recall",
  "friend_request",
  "friend_request_rejected",
  "friend_added",
  "friend_removed",
  "group_message",
  "group_change",
  "group_recall",
  "group_receipts",
  "group_read",
  "group_muted",
  "edit",
  "group_edit",
  "hidden",
] as const;
const LIVE = ["presence", "typing", "error"] as const;

type Relayed = ChatEventMap[(typeof DURABLE)[number] | (typeof LIVE)[number]];

/**
 * Relays `conn`'s events while `current()` says it is the live connection, starting with any
 * that arrived between its hello and this call (kept in the connection's own event log).
 */
export function forwardEvents(conn: ChatConnection, hub: EventHub<ChatClientEventMap>, delivered: Delivered, current: () => boolean): void {
  const relay = (event: Relayed) => {
    if (!current()) return;
    if ("eseq" in event) {
      // A connection we gave up on may still deliver frames; it no longer acks them (it is
      // closing), so the server sends them again on the next connection: take them from there.
      if (event.eseq <= delivered.eseq) return;
      delivered.eseq = event.eseq;
      if ((event.type === "message" || event.type === "group_message") && !delivered.messageIds.firstTime(event.message.messageId)) return;
    }
    hub.emit(event);
  };
  const types: readonly string[] = [...DURABLE, ...LIVE];
  for (const early of conn.events()) if (types.includes(early.type)) relay(early as Relayed);
  for (const type of [...DURABLE, ...LIVE]) conn.on(type, relay);
}
