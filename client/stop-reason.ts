// Which failures end the resilient client for good and which it retries: terminal close codes
// (protocol/frames.ts) and a refused token stop it; everything else (1006, 1011, 4000 idle,
// network errors, 5xx, timeouts) is transient and retried with backoff, forever.
import { CLOSE, TERMINAL_CLOSE_CODES } from "../protocol/frames";
import type { StopReason } from "./chat-client-types";
import { CLIENT_ERROR, QChatError } from "./errors";

const TERMINAL_MESSAGES: Record<number, Omit<StopReason, "closeCode">> = {
  [CLOSE.AUTH_ENDED]: { code: "AUTH_ENDED", message: "the session ended (logged out, password reset or token expired): log in again" },
  [CLOSE.DEVICE_REPLACED]: { code: "DEVICE_REPLACED", message: "this device connected again elsewhere" },
  [CLOSE.DEVICE_LIMIT]: { code: "DEVICE_LIMIT", message: "too many devices are connected; this one was closed" },
  [CLOSE.ACCOUNT_DELETED]: { code: "AUTH_ENDED", message: "this account was deleted" },
};

/** The stop reason for a socket close, or undefined when the client should reconnect. */
export function stopForClose(code: number): StopReason | undefined {
  if (!TERMINAL_CLOSE_CODES.includes(code)) return undefined;
  const known = TERMINAL_MESSAGES[code] ?? { code: "AUTH_ENDED", message: `closed with terminal code ${code}` };
  return { ...known, closeCode: code };
}

/** The stop reason for a failed connect (refused upgrade, close before hello), or undefined. */
export function stopForError(err: unknown): StopReason | undefined {
  if (!(err instanceof QChatError)) return undefined;
  if (err.status === 401) return { code: "AUTH_ENDED", message: `the server refused the token (${err.code}): log in again`, error: err };
  return err.closeCode === undefined ? undefined : stopForClose(err.closeCode);
}

/** One line for the `reconnecting` state's `cause`. */
export function describeFailure(err: unknown): string {
  if (err instanceof QChatError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export function stoppedError(reason: StopReason): QChatError {
  return new QChatError(CLIENT_ERROR.STOPPED, reason.error?.status ?? 0, `chat client stopped: ${reason.message}`, {
    closeCode: reason.closeCode,
    cause: reason.error,
  });
}
