// Heartbeats: the exact request string out, the runtime's exact reply string back. Replies
// carry no id, so outstanding pings are answered first-in, first-out.
import { HEARTBEAT_REQUEST } from "../protocol/frames";
import { CLIENT_ERROR, QChatError } from "./errors";

interface Ping {
  resolve: () => void;
  reject: (err: QChatError) => void;
}

export interface Heartbeats {
  /** Sends HEARTBEAT_REQUEST via `transmit` (which throws when the socket is closed). */
  ping(timeoutMs: number): Promise<void>;
  /** A HEARTBEAT_RESPONSE arrived: settles the oldest outstanding ping. */
  pong(): void;
  rejectAll(err: QChatError): void;
}

export function createHeartbeats(transmit: (text: string) => void): Heartbeats {
  const outstanding: Ping[] = [];
  const remove = (ping: Ping) => {
    const index = outstanding.indexOf(ping);
    if (index >= 0) outstanding.splice(index, 1);
  };

  return {
    ping: (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          remove(ping);
          reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `no heartbeat reply within ${timeoutMs} ms`));
        }, timeoutMs);
        const ping: Ping = {
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (err) => (clearTimeout(timer), reject(err)),
        };
        outstanding.push(ping);
        try {
          transmit(HEARTBEAT_REQUEST);
        } catch (err) {
          remove(ping);
          ping.reject(err instanceof QChatError ? err : new QChatError(CLIENT_ERROR.CONNECTION_CLOSED, 0, String(err), { cause: err }));
        }
      }),
    pong: () => outstanding.shift()?.resolve(),
    rejectAll: (err) => {
      for (const ping of outstanding.splice(0)) ping.reject(err);
    },
  };
}
