// The chat socket for Node 20, which has no global WebSocket: an OpenSocket over the `ws`
// package. A refused upgrade is read like any HTTP error reply, so a 401 reaches the resilient
// client as QChatError(status 401) and stops it instead of retrying. Not part of the browser SDK.
import WebSocket from "ws";
import { CLIENT_ERROR, errorFromReply, QChatError, type OpenSocket, type WebSocketLike } from "../client";

/** Opening handshake limit (the resilient client has its own limit on top). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export const openNodeSocket: OpenSocket = (url, protocols) =>
  new Promise<WebSocketLike>((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    let settled = false;
    const settle = (outcome: () => void) => void (settled || ((settled = true), outcome()));
    // Wrapped before 'open' fires: a frame sent right after the upgrade can arrive in the same
    // packet, and `ws` emits it on process.nextTick, before any promise continuation listens.
    const socket = holdEarlyFrames(ws);
    ws.once("open", () => settle(() => resolve(socket)));
    ws.once("unexpected-response", (_request, response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const retryAfter = response.headers["retry-after"];
        settle(() =>
          reject(
            errorFromReply(
              response.statusCode ?? 0,
              Buffer.concat(chunks).toString("utf8"),
              typeof retryAfter === "string" ? retryAfter : null,
            ),
          ),
        );
        ws.terminate();
      });
    });
    // Always listening: `ws` throws an 'error' event nobody listens to, even after we settled.
    ws.on("error", (err) =>
      settle(() => reject(new QChatError(CLIENT_ERROR.NETWORK_ERROR, 0, `WebSocket to ${url} failed: ${err.message}`, { cause: err }))),
    );
  });

type Listener = (event: never) => void;

/**
 * A WebSocketLike over `ws` that keeps text frames arriving before the first message listener,
 * and hands them to every listener attached in that turn (setImmediate runs after the
 * continuations that attach them), in order with later frames.
 */
function holdEarlyFrames(ws: WebSocket): WebSocketLike {
  const listeners: ((event: { data: unknown }) => void)[] = [];
  const held: { data: unknown }[] = [];
  let flushing = false;
  const dispatch = (event: { data: unknown }) => listeners.forEach((listener) => listener(event));
  const flushSoon = () => {
    if (flushing || listeners.length === 0) return;
    flushing = true;
    setImmediate(() => {
      flushing = false;
      for (const event of held.splice(0)) dispatch(event);
    });
  };
  ws.on("message", (data, isBinary) => {
    const event = { data: isBinary ? data : data.toString() };
    if (held.length === 0 && listeners.length > 0) return dispatch(event);
    held.push(event);
    flushSoon();
  });
  return {
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    addEventListener(type: string, listener: Listener) {
      if (type === "message") {
        listeners.push(listener as (event: { data: unknown }) => void);
        flushSoon();
      } else if (type === "close") {
        ws.on("close", (code, reason) =>
          (listener as (event: { code: number; reason: string }) => void)({ code, reason: reason.toString() }),
        );
      } else {
        ws.on("error", listener as (event: unknown) => void);
      }
    },
  };
}
