// Waiting for the resilient client to be connected: `whenOpen` for callers, and
// `withConnection`, which runs a request on the live connection and, when the socket closes
// under it, runs it again on the next one until its deadline (read, recall and presence are
// safe to repeat).
import type { HelloFrame } from "../protocol/frames";
import type { ChatClientEventMap, ClientState } from "./chat-client-types";
import type { EventHub } from "./chat-events";
import type { ChatConnection } from "./chat-types";
import { CLIENT_ERROR, QChatError } from "./errors";
import { stoppedError } from "./stop-reason";

export function whenOpen(hub: EventHub<ChatClientEventMap>, state: () => ClientState, timeoutMs: number): Promise<HelloFrame> {
  const now = state();
  if (now.status === "open") return Promise.resolve(now.hello);
  if (now.status === "stopped") return Promise.reject(stoppedError(now.reason));
  // A listener, not nextEvent: nextEvent would hand back an old buffered state event.
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `not connected within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = hub.on("state", ({ state: next }) => {
      if (next.status !== "open" && next.status !== "stopped") return;
      clearTimeout(timer);
      off();
      if (next.status === "open") resolve(next.hello);
      else reject(stoppedError(next.reason));
    });
  });
}

export async function withConnection<T>(
  hub: EventHub<ChatClientEventMap>,
  state: () => ClientState,
  current: () => ChatConnection | undefined,
  timeoutMs: number,
  run: (conn: ChatConnection) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await whenOpen(hub, state, Math.max(0, deadline - Date.now()));
    const conn = current();
    if (!conn) continue; // closed again between the state event and here
    try {
      return await run(conn);
    } catch (err) {
      const closed = err instanceof QChatError && err.code === CLIENT_ERROR.CONNECTION_CLOSED;
      if (!closed || Date.now() >= deadline) throw err;
    }
  }
}
