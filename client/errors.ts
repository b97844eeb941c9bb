// QChatError: the one error type the SDK throws, for HTTP error envelopes, WebSocket error
// frames and failures the client detects itself (timeouts, closed sockets, bad replies).
import type { ErrorBody } from "../protocol/errors";

/** Codes the client raises on its own; server codes are in protocol/errors.ts or error frames. */
export const CLIENT_ERROR = {
  /** fetch itself failed (DNS, refused, offline). */
  NETWORK_ERROR: "NETWORK_ERROR",
  /** The server answered something that is not the documented shape. */
  INVALID_RESPONSE: "INVALID_RESPONSE",
  /** A frame from the server failed `serverFrame` validation (emitted as an "error" event). */
  INVALID_SERVER_FRAME: "INVALID_SERVER_FRAME",
  /** No reply to a request (or no hello after connecting) in time. */
  TIMEOUT: "TIMEOUT",
  /** The socket closed while a request was waiting, or a request was made after close. */
  CONNECTION_CLOSED: "CONNECTION_CLOSED",
  /** The WebSocket upgrade was refused without a readable error envelope. */
  UPGRADE_FAILED: "UPGRADE_FAILED",
  /** An upload source without a name, or a sized stream that ended short of or ran past its size. */
  BAD_SOURCE: "BAD_SOURCE",
  /** The caller aborted the request (its AbortSignal). */
  ABORTED: "ABORTED",
  /** The resilient client stopped for good (terminal close, refused token, or stop()): see `state`. */
  STOPPED: "STOPPED",
} as const;

export type ClientErrorCode = (typeof CLIENT_ERROR)[keyof typeof CLIENT_ERROR];

export interface QChatErrorInit {
  /** Seconds to wait before retrying (429 replies, rate-limited frames). */
  retryAfter?: number;
  /** Field-level problems on VALIDATION_FAILED. */
  issues?: { path: string; message: string }[];
  /** Close code, when the error is a socket closing. */
  closeCode?: number;
  cause?: unknown;
}

export class QChatError extends Error {
  override readonly name = "QChatError";
  /** A server code (protocol/errors.ts, or a frame's `code`) or a CLIENT_ERROR code. */
  readonly code: string;
  /** HTTP status; 0 when the error did not come from an HTTP reply (frames, local failures). */
  readonly status: number;
  readonly retryAfter?: number;
  readonly issues?: { path: string; message: string }[];
  readonly closeCode?: number;

  constructor(code: string, status: number, message: string, init: QChatErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = status;
    this.retryAfter = init.retryAfter;
    this.issues = init.issues;
    this.closeCode = init.closeCode;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error?.code === "string" && typeof error.message === "string";
}

/**
 * Builds the error for a non-2xx reply from its status, body text and Retry-After header. A body
 * that is not the envelope (a proxy's HTML page, say) still yields an error with the status.
 */
export function errorFromReply(status: number, text: string, retryAfterHeader: string | null): QChatError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const headerRetry = retryAfterHeader === null ? undefined : Number(retryAfterHeader);
  const fallbackRetry = headerRetry !== undefined && Number.isFinite(headerRetry) ? headerRetry : undefined;
  if (!isErrorBody(json)) {
    return new QChatError(CLIENT_ERROR.INVALID_RESPONSE, status, `HTTP ${status}: ${text.slice(0, 200) || "(empty body)"}`, {
      retryAfter: fallbackRetry,
    });
  }
  const { code, message, retryAfter, issues } = json.error;
  return new QChatError(code, status, message, { retryAfter: retryAfter ?? fallbackRetry, issues });
}
