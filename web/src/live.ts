// The page's chat connection: the SDK's resilient client (reconnect with backoff and jitter,
// resume by eseq, outbox, heartbeats) plus what only a browser page knows: the network went
// away (`offline`: close the socket now, so friends see us go, and wait for `online` instead of
// retrying into nothing) and the tab came back (retry now).
import { ACCOUNT_DELETED_CLOSE_CODE, createChatClient, type ChatClient, type ChatClientEventMap } from "../../client";
import type { HelloFrame } from "../../protocol/frames";
import type { Connection } from "./state";

/** The client's events the page shows (state changes are handled here). */
export type ShownEvent = ChatClientEventMap[
  | "message"
  | "receipt"
  | "recall"
  | "friend_request"
  | "friend_request_rejected"
  | "friend_added"
  | "friend_removed"
  | "presence"
  | "error"
  | "group_message"
  | "group_change"
  | "group_recall"
  | "group_receipts"
  | "group_edit"
  | "edit"
  | "hidden"
  | "typing"
  | "groups"];
/** The group events (the page's group model takes them; the SDK already counted them). */
export type GroupEvent = ChatClientEventMap["group_message" | "group_change" | "group_recall" | "group_receipts" | "group_edit"];
export const isGroupEvent = (event: ShownEvent): event is GroupEvent => event.type.startsWith("group_");

const SHOWN = [
  "message",
  "receipt",
  "recall",
  "friend_request",
  "friend_request_rejected",
  "friend_added",
  "friend_removed",
  "presence",
  "error",
  "group_message",
  "group_change",
  "group_recall",
  "group_receipts",
  "group_edit",
  "edit",
  // "Delete for me" from any of this user's devices (1:1 or group).
  "hidden",
  // Live only: someone is typing to me or in one of my groups.
  "typing",
  // The SDK's group list or a count in it changed (it keeps unread and mention counts).
  "groups",
] as const;

export interface LiveOptions {
  url: string;
  /** Asked before every connection: a fresh access token. */
  token: () => Promise<string>;
  deviceId: string;
  /** Resolves false when the session is over (an upgrade failed and the API says 401). */
  verifyToken: () => Promise<boolean>;
  /** Every (re)connection starts with a hello: a full snapshot to replace local state with. */
  onHello(hello: HelloFrame): void;
  onEvent(event: ShownEvent): void;
  onState(state: Connection, detail?: string): void;
  /** The token is no longer valid (logged out elsewhere, password reset, expired, or the account was deleted). */
  onSessionEnded(accountDeleted: boolean): void;
}

export interface Live {
  client: ChatClient;
  /** Try now instead of waiting out the backoff (also restarts after a terminal close). */
  reconnectNow(): void;
  stop(): void;
}

export function startLive(opts: LiveOptions): Live {
  let offline = !navigator.onLine;
  let opened = false;
  const client = createChatClient({
    url: opts.url,
    token: opts.token,
    deviceId: opts.deviceId,
    bufferLimit: 200, // the page keeps its own state; the client's log is only for nextEvent
    verifyToken: opts.verifyToken,
  });

  let stopped = false;
  for (const type of SHOWN) client.on(type, (event) => !stopped && opts.onEvent(event));
  client.on("state", ({ state }) => {
    if (stopped) return;
    switch (state.status) {
      case "open":
        opened = true;
        opts.onHello(state.hello);
        return opts.onState("online");
      case "connecting":
      case "reconnecting":
        return opts.onState(opened ? "reconnecting" : "connecting");
      case "stopped":
        if (state.reason.code === "AUTH_ENDED") return opts.onSessionEnded(state.reason.closeCode === ACCOUNT_DELETED_CLOSE_CODE);
        if (state.reason.code === "STOPPED") return offline ? opts.onState("offline") : undefined;
        return opts.onState(
          "ended",
          state.reason.code === "DEVICE_REPLACED"
            ? "QChat is open in another tab with this tab's session (a duplicated tab?)."
            : "Too many devices are connected; this one was closed.",
        );
      case "idle":
        return undefined;
    }
  });

  const onOffline = () => {
    offline = true;
    void client.stop(); // unsent messages stay on the page and go out after `online`
  };
  const onOnline = () => {
    offline = false;
    client.reconnectNow();
  };
  const onVisible = () => {
    if (document.visibilityState === "visible" && client.state.status === "reconnecting") client.reconnectNow();
  };
  window.addEventListener("offline", onOffline);
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onVisible);
  if (offline) opts.onState("offline");
  else client.start();

  return {
    client,
    reconnectNow: () => client.reconnectNow(),
    stop() {
      if (stopped) return;
      stopped = true;
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onVisible);
      void client.stop();
    },
  };
}
