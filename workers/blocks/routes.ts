// /v1/blocks: block a user, unblock them, and the caller's block list. Bearer token; the caller
// is always the authenticated user.
import { Hono } from "hono";
import { blockBodySchema, blockedUidParamSchema } from "../../protocol/blocks";
import type { AppEnv } from "../context";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { jsonBody, pathParams } from "../middleware/validate";
import { blockUser, unblockUser } from "./block";
import { listBlocked } from "./rows";

export const blockRoutes = new Hono<AppEnv>()
  .use("*", requireAuth())
  .post("/", jsonBody(blockBodySchema), async (c) => {
    const block = await blockUser(c.var.deps, c.var.user.uid, c.req.valid("json").uid);
    return c.json({ block }, 201);
  })
  .get("/", limitPerUser("readsPerUser"), async (c) => c.json({ blocks: await listBlocked(c.var.deps.db, c.var.user.uid) }))
  .delete("/:uid", pathParams(blockedUidParamSchema), async (c) => {
    await unblockUser(c.var.deps, c.var.user.uid, c.req.valid("param").uid);
    return c.json({ ok: true as const });
  });
