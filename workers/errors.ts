// ApiError and the one error envelope; classifies dependency failures as 503s.
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { findDependencyError } from "./lib/dependency";
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from "../protocol/errors";

export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly retryAfter?: number;
  readonly issues?: ErrorBody["error"]["issues"];

  constructor(
    code: ErrorCode,
    message: string,
    extra: { retryAfter?: number; issues?: ErrorBody["error"]["issues"]; cause?: unknown } = {},
  ) {
    super(ERROR_STATUS[code] as ContentfulStatusCode, { message, cause: extra.cause });
    this.code = code;
    this.retryAfter = extra.retryAfter;
    this.issues = extra.issues;
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, retryAfter: this.retryAfter, issues: this.issues } };
  }
}

/**
 * Maps anything thrown to an ApiError. Failures of MySQL or Redis become 503s that say which
 * dependency is down; everything unknown becomes a masked 500 (the cause is logged, not sent).
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException && err.status === 413) {
    return new ApiError("PAYLOAD_TOO_LARGE", "request body too large");
  }
  if (err instanceof HTTPException && err.status === 400 && /json/i.test(err.message)) {
    return new ApiError("INVALID_JSON", "request body is not valid JSON");
  }
  const dependency = findDependencyError(err);
  if (dependency?.dependency === "mysql") {
    return new ApiError("DATABASE_UNAVAILABLE", "the database is unavailable; try again shortly", { cause: err });
  }
  if (dependency?.dependency === "redis") {
    return new ApiError("REDIS_UNAVAILABLE", "the session store is unavailable; try again shortly", { cause: err });
  }
  if (dependency?.dependency === "mail") {
    return new ApiError("MAIL_FAILED", "the email could not be sent; try again shortly", { cause: err });
  }
  // The Durable Object runtime's own failures (not our code's: those carry `remote`): an
  // overloaded object must not be hammered, a transient failure may be retried.
  const object = err as { overloaded?: unknown; retryable?: unknown; remote?: unknown } | null;
  if (object?.overloaded === true) {
    return new ApiError("OBJECT_UNAVAILABLE", "this chat object is overloaded; try again in a few seconds", { cause: err, retryAfter: 5 });
  }
  // SQLite out of memory in the object's process (local workerd caps all objects' SQLite heap
  // together: docs/performance.md, "Memory per object") is the runtime's resource, not a bug.
  if (err instanceof Error && err.message.includes("SQLITE_NOMEM")) {
    return new ApiError("OBJECT_UNAVAILABLE", "the chat server is short of memory; try again in a few seconds", {
      cause: err,
      retryAfter: 5,
    });
  }
  if (object?.retryable === true && object.remote !== true) {
    return new ApiError("OBJECT_UNAVAILABLE", "this chat object is restarting or moving; try again shortly", { cause: err, retryAfter: 1 });
  }
  return new ApiError("INTERNAL", "internal error", { cause: err });
}

/**
 * A loggable description of an error's cause: driver errors quote the query, its parameters or
 * Redis keys (emails, message bodies), so only the first clause survives, truncated.
 */
export function safeCause(err: unknown): string {
  const dependency = findDependencyError(err);
  const text = dependency
    ? `${dependency.dependency}: ${dependency.message}`
    : err instanceof Error
      ? `${err.name}: ${err.message}`
      : String(err);
  return text.split(/, command was|\nparams:|Failed query:/)[0]!.slice(0, 200);
}
