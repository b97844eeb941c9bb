// Wraps an OpenSocket for the resilient client: a time limit on opening, the time of the last
// frame received (for the keepalive), and raw sends of the heartbeat string on that socket.
import { CLIENT_ERROR, QChatError } from "./errors";
import type { OpenSocket, WebSocketLike } from "./socket";

export interface TrackedSocket {
  open: OpenSocket;
  /** Date.now() when the last frame of any kind arrived (or the socket opened). */
  lastActivity(): number;
  /** Sends text as is; a socket that is gone or closing is ignored (the keepalive notices). */
  sendRaw(text: string): void;
}

export function trackSocket(open: OpenSocket, timeoutMs: number): TrackedSocket {
  let socket: WebSocketLike | undefined;
  let last = Date.now();

  const openTracked: OpenSocket = (url, protocols) =>
    new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `socket to ${url} not open within ${timeoutMs} ms`));
      }, timeoutMs);
      open(url, protocols).then(
        (ws) => {
          if (late) return closeQuietly(ws);
          clearTimeout(timer);
          socket = ws;
          last = Date.now();
          // Added before the caller's listeners, in the same turn: no frame can slip past it.
          ws.addEventListener("message", () => void (last = Date.now()));
          resolve(ws);
        },
        (err: unknown) => {
          clearTimeout(timer);
          if (!late) reject(err);
        },
      );
    });

  return {
    open: openTracked,
    lastActivity: () => last,
    sendRaw(text) {
      try {
        socket?.send(text);
      } catch {
        // Closed underneath us: the close event or the keepalive deals with it.
      }
    },
  };
}

function closeQuietly(ws: WebSocketLike): void {
  try {
    ws.close(1000, "connect timed out");
  } catch {
    // Already closed.
  }
}
