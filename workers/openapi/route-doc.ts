// The shape of one documented HTTP route: what the OpenAPI document is rendered from, and the
// error codes routes share. Request schemas are the same zod objects the routes validate with;
// replies name their zod schema.
import type { ZodType } from "zod";
import type { ErrorCode } from "../../protocol/errors";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call: `bearer` an access token, `admin` the ADMIN_TOKEN, `bearer-or-signed-url` a token
 * or `?exp=&sig=` from GET /v1/files/:id/url, `socket` a token as header, `bearer.<token>`
 * subprotocol or `?token=`.
 */
export type Auth = "none" | "bearer" | "admin" | "bearer-or-signed-url" | "socket";

/** Which rate limits apply: per user (after authentication) or per client IP. */
export type Limit = "user" | "ip";

/** A JSON reply with a named schema (a component of the document), a binary one, or none. */
export type ReplyDoc =
  { description: string; json: { name: string; schema: ZodType } } | { description: string; binary: true } | { description: string };

export interface RouteDoc {
  method: Method;
  /** The path as Hono mounts it, e.g. `/v1/groups/:id` (rendered as `/v1/groups/{id}`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  limits?: Limit[];
  /** One schema per `:name` in the path. */
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  replies: Record<number, ReplyDoc>;
  /** Codes this route answers itself; those of its auth, limits and validation are added. */
  errors: ErrorCode[];
  /** The seed's legacy aliases: kept for old clients, not for new code. */
  deprecated?: boolean;
  /** Answers its own failures as HTTP 200 with an error number in the body (the seed aliases). */
  failuresAs200?: boolean;
}

// Codes that routes of several families answer for the same reason, named once so that each route
// lists only what is its own (order kept: the document lists codes as given). Here rather than in a
// module of their own: a new module in the app's import graph reorders the unions tsc emits into
// client/app-type.d.ts.

/** A change saved in MySQL and announced live through a chat object (friends, blocks, deletion). */
export const savedAndAnnounced: ErrorCode[] = ["EVENTS_UNAVAILABLE", "DATABASE_UNAVAILABLE"];

/** Uses MySQL and a chat object (conversations, files, a new group). */
export const databaseAndObject: ErrorCode[] = ["DATABASE_UNAVAILABLE", "OBJECT_UNAVAILABLE"];

/** `/v1/groups/:id` -> `/v1/groups/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** Every error code a route may answer: its own plus those its auth, limits and validation bring. */
export function errorCodesOf(route: RouteDoc): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors);
  if (route.auth === "bearer" || route.auth === "socket" || route.auth === "bearer-or-signed-url") {
    for (const c of ["UNAUTHORIZED", "TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REVOKED", "REDIS_UNAVAILABLE"] as const) codes.add(c);
  }
  if (route.auth === "admin") for (const c of ["ADMIN_DISABLED", "UNAUTHORIZED", "FORBIDDEN"] as const) codes.add(c);
  if (route.limits?.length) codes.add("RATE_LIMITED").add("REDIS_UNAVAILABLE");
  if (route.limits?.includes("ip")) codes.add("CLIENT_IP_UNKNOWN");
  if (route.params || route.query) codes.add("VALIDATION_FAILED");
  if (route.body && !route.failuresAs200) codes.add("INVALID_JSON").add("VALIDATION_FAILED");
  // The body limit runs before any route, the seed aliases' too.
  if (route.body) codes.add("PAYLOAD_TOO_LARGE");
  codes.add("INTERNAL");
  return [...codes];
}
