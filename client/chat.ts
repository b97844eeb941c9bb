// connectChat: one authenticated WebSocket to the user's Durable Object, with typed requests
// (send/read/recall/presence and their group_* twins, answered by id), durable events deduped by
// eseq and acked cumulatively, heartbeats, and a buffered event log. Reconnecting is the layer above:
// createChatClient (chat-client.ts) opens one of these per socket, carrying `lastEseq` as `resumeFrom`.
import type { ClientFrame, HelloFrame, ServerFrame } from "../protocol/frames";
import { createEventHub } from "./chat-events";
import { parseInbound } from "./chat-inbound";
import type { ChatConnection, CloseInfo, ConnectChatOptions, GroupSentFrame, SentFrame } from "./chat-types";
import { CLIENT_ERROR, QChatError } from "./errors";
import { createHeartbeats } from "./heartbeat";
import { createPendingRequests } from "./pending";
import { chatProtocols, chatUrl, openPlatformSocket, type WebSocketLike } from "./socket";

const DEFAULT_TIMEOUT_MS = 10_000;
/** After close(), stop waiting for the peer's close frame after this long. */
const CLOSE_GRACE_MS = 1_000;
const DEFAULT_ACK_DELAY_MS = 20;

/** Opens the socket and resolves once the server's `hello` arrived. */
export async function connectChat(opts: ConnectChatOptions): Promise<ChatConnection> {
  const open = opts.openSocket ?? openPlatformSocket;
  const ws = await open(chatUrl(opts.url, opts.deviceId), chatProtocols(opts.token));
  // Listeners go on in this same turn, before any queued frame can be dispatched.
  return attach(ws, opts);
}

function attach(ws: WebSocketLike, opts: ConnectChatOptions): Promise<ChatConnection> {
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const hub = createEventHub(opts.bufferLimit);
  const pending = createPendingRequests();
  const heartbeats = createHeartbeats((text) => transmit(text));
  let state: "open" | "closing" | "closed" = "open";
  let hello: HelloFrame | undefined;
  let onHello: ((frame: HelloFrame | QChatError) => void) | undefined;
  let lastEseq = opts.resumeFrom ?? 0;
  let requestCounter = 0;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let ackTimer: ReturnType<typeof setTimeout> | undefined;
  const ackDelayMs = opts.ackDelayMs ?? DEFAULT_ACK_DELAY_MS;

  /** Sends the cumulative ack now, if one is due. */
  function flushAck(): void {
    if (ackTimer === undefined) return;
    clearTimeout(ackTimer);
    ackTimer = undefined;
    if (state === "open") transmit({ type: "ack", upTo: lastEseq });
  }
  let resolveClosed: (info: CloseInfo) => void = () => {};
  const closed = new Promise<CloseInfo>((resolve) => (resolveClosed = resolve));

  const closedError = (info?: CloseInfo) =>
    new QChatError(CLIENT_ERROR.CONNECTION_CLOSED, 0, info ? `socket closed (${info.code} ${info.reason})` : "socket is closing", {
      closeCode: info?.code,
    });

  function transmit(frame: ClientFrame | string): void {
    if (state !== "open") throw closedError();
    ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  function request<T extends { type: string }>(expect: T["type"], build: (id: string) => ClientFrame): Promise<T> {
    const id = `r${++requestCounter}`;
    const reply = pending.wait<T>(id, expect, timeoutMs);
    try {
      transmit(build(id));
    } catch (err) {
      pending.reject(id, err instanceof QChatError ? err : new QChatError(CLIENT_ERROR.CONNECTION_CLOSED, 0, String(err), { cause: err }));
    }
    return reply;
  }
  const ok = (build: (id: string) => ClientFrame) => request<{ type: "ok" }>("ok", build).then(() => undefined);

  function route(frame: ServerFrame): void {
    switch (frame.type) {
      case "hello":
        hello = frame;
        return onHello?.(frame);
      case "events":
        if (frame.events.length === 0) return;
        for (const event of frame.events) {
          if (event.eseq <= lastEseq) continue; // replayed or resent: handled already
          lastEseq = event.eseq;
          hub.emit(event);
        }
        // Acked even if every event was a duplicate: the server resent them because our earlier
        // ack had not reached it. Frames arriving close together share one cumulative ack.
        if (ackTimer === undefined && state === "open") ackTimer = setTimeout(flushAck, ackDelayMs);
        return;
      case "sent":
      case "group_sent":
      case "ok":
        if (frame.id) pending.resolve(frame.id, frame); // unknown ids: late replies to timed-out requests
        return;
      case "presence_changed":
        return hub.emit({ type: "presence", uid: frame.uid, presence: frame.presence });
      case "typing":
        return hub.emit(frame);
      case "closing":
        // The server is closing this socket: closed now, not when the TCP connection ends
        // (workerd may keep it ~10 s). Our close completes the handshake; its event is ignored.
        finish({ code: frame.code, reason: frame.reason });
        try {
          ws.close(1000, "closing acknowledged");
        } catch {
          // Already closing.
        }
        return;
      case "error":
        if (frame.id && pending.reject(frame.id, new QChatError(frame.code, 0, frame.message, { retryAfter: frame.retryAfter }))) return;
        return hub.emit({ type: "error", code: frame.code, message: frame.message, retryAfter: frame.retryAfter });
    }
  }

  function finish(info: CloseInfo): void {
    if (state === "closed") return;
    state = "closed";
    if (graceTimer !== undefined) clearTimeout(graceTimer);
    if (ackTimer !== undefined) clearTimeout(ackTimer);
    const err = closedError(info);
    pending.rejectAll(err);
    heartbeats.rejectAll(err);
    onHello?.(err);
    hub.emit({ type: "close", ...info });
    resolveClosed(info);
  }

  ws.addEventListener("message", (event) => {
    const inbound = parseInbound(event.data);
    if (inbound.kind === "pong") return heartbeats.pong();
    if (inbound.kind === "invalid")
      return hub.emit({ type: "error", code: CLIENT_ERROR.INVALID_SERVER_FRAME, message: inbound.reason, raw: inbound.raw });
    try {
      route(inbound.frame);
    } catch (err) {
      // Only a send on a socket that closed mid-frame can throw here: report, never crash.
      hub.emit({ type: "error", code: CLIENT_ERROR.CONNECTION_CLOSED, message: String(err) });
    }
  });
  ws.addEventListener("close", (event) => finish({ code: event.code, reason: event.reason }));
  ws.addEventListener("error", () => {
    if (state !== "closed") hub.emit({ type: "error", code: CLIENT_ERROR.NETWORK_ERROR, message: "WebSocket error" });
  });

  const connection: ChatConnection = {
    get hello() {
      if (!hello) throw new QChatError(CLIENT_ERROR.INVALID_RESPONSE, 0, "no hello yet");
      return hello;
    },
    get lastEseq() {
      return lastEseq;
    },
    send: (to, body, { clientMsgId = crypto.randomUUID(), fileId } = {}) =>
      request<SentFrame>("sent", (id) => ({ type: "send", id, to, clientMsgId, body, ...(fileId ? { fileId } : {}) })),
    read: (peerId, upToSeq) => ok((id) => ({ type: "read", id, peerId, upToSeq })),
    recall: (messageId) => ok((id) => ({ type: "recall", id, messageId })),
    setPresence: (status) => ok((id) => ({ type: "presence", id, status })),
    edit: (messageId, body) => ok((id) => ({ type: "edit", id, messageId, body })),
    editInGroup: (groupId, messageId, body) => ok((id) => ({ type: "edit", id, groupId, messageId, body })),
    hide: (target, messageId) => ok((id) => ({ type: "hide", id, ...target, ...(messageId === undefined ? {} : { messageId }) })),
    typing: (target) => ok((id) => ({ type: "typing", id, ...target })),
    sendToGroup: (groupId, body, { clientMsgId = crypto.randomUUID(), fileId } = {}) =>
      request<GroupSentFrame>("group_sent", (id) => ({
        type: "group_send",
        id,
        groupId,
        clientMsgId,
        body,
        ...(fileId ? { fileId } : {}),
      })),
    readGroup: (groupId, upToSeq) => ok((id) => ({ type: "group_read", id, groupId, upToSeq })),
    recallInGroup: (groupId, messageId) => ok((id) => ({ type: "group_recall", id, groupId, messageId })),
    ping: (pingTimeoutMs = timeoutMs) => heartbeats.ping(pingTimeoutMs),
    on: hub.on,
    nextEvent: hub.nextEvent,
    events: hub.events,
    close(code = 1000, reason = "") {
      if (state !== "open") return;
      // What was received is acknowledged before leaving: a reconnect gets nothing twice.
      try {
        flushAck();
      } catch {
        // The socket is already gone; the server resends, the next connection dedupes.
      }
      state = "closing";
      pending.rejectAll(closedError());
      try {
        ws.close(code, reason);
      } catch {
        // Closed underneath us already: the grace timer still reports it.
      }
      // Some peers never echo the close frame; `closed` must not hang.
      graceTimer = setTimeout(() => finish({ code, reason }), CLOSE_GRACE_MS);
    },
    closed,
  };

  const helloTimeoutMs = opts.helloTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<ChatConnection>((resolve, reject) => {
    const timer = setTimeout(() => {
      onHello = undefined;
      reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `no hello within ${helloTimeoutMs} ms`));
      connection.close(1000, "no hello");
    }, helloTimeoutMs);
    onHello = (result) => {
      onHello = undefined;
      clearTimeout(timer);
      if (result instanceof QChatError) reject(result);
      else resolve(connection);
    };
  });
}
