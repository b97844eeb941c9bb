// Requests waiting for their reply frame, by request id: each settles exactly once, on its
// reply, on an error frame with its id, on timeout, or when the socket closes.
import { CLIENT_ERROR, QChatError } from "./errors";

interface Pending {
  /** The reply frame type that settles this request ("sent" for send, "ok" for the rest). */
  expect: string;
  resolve: (frame: unknown) => void;
  reject: (err: QChatError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface PendingRequests {
  /** Registers `id` and returns the promise of its reply frame, of type `expect`. */
  wait<T extends { type: string }>(id: string, expect: T["type"], timeoutMs: number): Promise<T>;
  /** Settles `id` with a reply; false when nothing waits for it (late or unknown). */
  resolve(id: string, frame: { type: string }): boolean;
  reject(id: string, err: QChatError): boolean;
  rejectAll(err: QChatError): void;
  readonly size: number;
}

export function createPendingRequests(): PendingRequests {
  const pending = new Map<string, Pending>();

  function take(id: string): Pending | undefined {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }

  return {
    wait<T extends { type: string }>(id: string, expect: T["type"], timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          take(id);
          reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `no "${expect}" reply to request ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { expect, resolve: (frame) => resolve(frame as T), reject, timer });
      });
    },
    resolve(id, frame) {
      const entry = take(id);
      if (!entry) return false;
      if (frame.type === entry.expect) entry.resolve(frame);
      else entry.reject(new QChatError(CLIENT_ERROR.INVALID_RESPONSE, 0, `request ${id} expected "${entry.expect}", got "${frame.type}"`));
      return true;
    },
    reject(id, err) {
      const entry = take(id);
      entry?.reject(err);
      return entry !== undefined;
    },
    rejectAll(err) {
      for (const id of [...pending.keys()]) take(id)?.reject(err);
    },
    get size() {
      return pending.size;
    },
  };
}
