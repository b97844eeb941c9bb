// The Hono app: each route module at its own prefix (so a module owns exactly one path tree and
// the typed client, hc<AppType>, mirrors it), the shared middlewares and the one error envelope.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { adminRoutes } from "./admin/routes";
import { recordRequestError } from "./admin/request-errors";
import { blockRoutes } from "./blocks/routes";
import { chatSocketRoutes } from "./chat-socket";
import { conversationRoutes } from "./conversations/routes";
import { withDeps, type AppEnv } from "./context";
import { ApiError, toApiError } from "./errors";
import { fileRoutes } from "./files/routes";
import { friendsRoutes } from "./friends/routes";
import { userRoutes } from "./friends/users-routes";
import { groupMemberViewRoutes } from "./groups/member-view";
import { groupRoutes } from "./groups/routes";
import { openApiRoutes } from "./openapi/routes";
import { authRoutes } from "./gateway/routes";
import { meRoutes } from "./gateway/me";
import { seedAliasRoutes } from "./gateway/seed-aliases";
import { searchRoutes } from "./search/routes";
import { corsAllowList, securityHeaders } from "./security/headers";
import { statusRoutes } from "./status/routes";

/** Account and chat requests are small; anything bigger is refused before parsing. */
const MAX_BODY_BYTES = 16 * 1024;
const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError("PAYLOAD_TOO_LARGE", `request body over ${MAX_BODY_BYTES} bytes`);
  },
});

export const app = new Hono<AppEnv>()
  .use(securityHeaders)
  .use("/v1/*", corsAllowList)
  // File uploads stream up to FILE_MAX_BYTES and meter themselves (workers/files/r2-writer.ts).
  .use((c, next) => (c.req.method === "POST" && c.req.path === "/v1/files" ? next() : limitBody(c, next)))
  .use(withDeps)
  .route("/v1/auth", authRoutes)
  .route("/v1/me", meRoutes)
  .route("/v1/status", statusRoutes)
  .route("/v1/ws", chatSocketRoutes)
  .route("/v1/conversations", conversationRoutes)
  .route("/v1/users", userRoutes)
  .route("/v1/friends", friendsRoutes)
  .route("/v1/blocks", blockRoutes)
  .route("/v1/search", searchRoutes)
  // The caller's own view of their groups (list, mute) first, then the group's own routes.
  .route("/v1/groups", groupMemberViewRoutes)
  .route("/v1/groups", groupRoutes)
  .route("/v1/admin", adminRoutes)
  .route("/v1/files", fileRoutes)
  .route("/v1", openApiRoutes)
  .route("/", seedAliasRoutes);

app.notFound((c) => c.json(new ApiError("NOT_FOUND", `no route ${c.req.method} ${c.req.path}`).body(), 404));

app.onError((err, c) => {
  const apiError = toApiError(err);
  // One log line per failed request (5xx with the cause; clients get only the code) and a counter.
  recordRequestError(c, apiError, err);
  if (apiError.retryAfter) c.header("Retry-After", String(apiError.retryAfter));
  return c.json(apiError.body(), apiError.status);
});

export type AppType = typeof app;
