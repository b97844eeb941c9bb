// The Hono app: wires the gateway, status and chat-socket modules and the one error envelope.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { adminRoutes } from "./admin/routes";
import { recordRequestError } from "./admin/request-errors";
import { chatSocketRoutes } from "./chat-socket";
import { conversationRoutes } from "./conversations/routes";
import { withDeps, type AppEnv } from "./context";
import { ApiError, toApiError } from "./errors";
import { fileRoutes } from "./files/routes";
import { friendsRoutes } from "./friends/routes";
import { groupMemberViewRoutes } from "./groups/member-view";
import { groupRoutes } from "./groups/routes";
import { gatewayRoutes } from "./gateway/routes";
import { seedAliasRoutes } from "./gateway/seed-aliases";
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
  .route("/v1", gatewayRoutes)
  .route("/v1", statusRoutes)
  .route("/v1", chatSocketRoutes)
  .route("/v1", conversationRoutes)
  .route("/v1", friendsRoutes)
  .route("/v1", groupMemberViewRoutes)
  .route("/v1", groupRoutes)
  .route("/v1", adminRoutes)
  .route("/v1", fileRoutes)
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
