// Stable error codes shared by the HTTP API, WebSocket error frames and the client SDK.
import { z } from "zod";

/** Every error code QChat sends, with the HTTP status it is served with. */
export const ERROR_STATUS = {
  INVALID_JSON: 400,
  VALIDATION_FAILED: 400,
  WEAK_PASSWORD: 400,
  CODE_INVALID: 400,
  CODE_EXPIRED: 400,
  CODE_ATTEMPTS_EXCEEDED: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  CODE_COOLDOWN: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  MAIL_FAILED: 502,
  DATABASE_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  /** GET /v1/admin/* while ADMIN_TOKEN is not configured. */
  ADMIN_DISABLED: 503,
  /** A friend change is saved in MySQL, but the caller's object could not queue its live events. */
  EVENTS_UNAVAILABLE: 503,
  /** A Durable Object was overloaded, restarting or moving (the runtime's error, not ours); retry after retryAfter. */
  OBJECT_UNAVAILABLE: 503,
  CANNOT_FRIEND_SELF: 400,
  NOT_FRIENDS: 403,
  FORBIDDEN: 403,
  /** Outside development: a per-IP limit applies but the request has no valid CF-Connecting-IP. */
  CLIENT_IP_UNKNOWN: 403,
  USER_NOT_FOUND: 404,
  REQUEST_NOT_FOUND: 404,
  /** History with someone who is neither a friend nor in a conversation with the caller. */
  CONVERSATION_NOT_FOUND: 404,
  /** A group that does not exist, or one the caller is not in (the two look the same). */
  GROUP_NOT_FOUND: 404,
  /** A member whose role does not allow the change (e.g. a member renaming, an admin dissolving). */
  GROUP_FORBIDDEN: 403,
  /** The group has GROUP_MAX_MEMBERS members. */
  GROUP_FULL: 409,
  /** An invite link that is unknown, expired or revoked. */
  INVITE_INVALID: 404,
  /** A file that does not exist, or one the caller may not see (the two look the same). */
  FILE_NOT_FOUND: 404,
  /** An upload whose first bytes are not one of the allowed types (protocol/files.ts). */
  FILE_TYPE_NOT_ALLOWED: 415,
  /** Past the caller's daily upload quota; retry after retryAfter. */
  FILE_QUOTA_EXCEEDED: 429,
  /** A `Range` that starts past the end of the file; the reply says the size in Content-Range. */
  RANGE_NOT_SATISFIABLE: 416,
  /** A message search with no word of 3 or more characters (InnoDB's shortest indexed word). */
  QUERY_TOO_SHORT: 400,
  ALREADY_FRIENDS: 409,
  REQUEST_EXISTS: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The one error envelope of every non-2xx HTTP reply. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** Seconds to wait, on 429 replies (also sent as the Retry-After header). */
    retryAfter: z.number().optional(),
    /** Field-level problems, on VALIDATION_FAILED. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
