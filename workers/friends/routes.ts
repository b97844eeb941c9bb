// /v1/friends (the seed's friend features): friend requests and the friend list. User search
// (/v1/users/search) is in users-routes.ts. Every route needs a bearer token; the caller is always
// the authenticated user.
import { Hono } from "hono";
import { acceptRequestSchema, friendIdParamSchema, requestIdParamSchema, sendRequestSchema, setAliasSchema } from "../../protocol/friends";
import type { AppEnv } from "../context";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { jsonBody, pathParams } from "../middleware/validate";
import { listFriends } from "./friendships";
import { removeFriend, renameFriend } from "./manage";
import { listPendingRequests } from "./request-rows";
import { acceptRequest, rejectRequest, sendRequest } from "./requests";

export const friendsRoutes = new Hono<AppEnv>()
  // Mounted at /v1/friends, "*" is "/v1/friends/*", which also matches "/v1/friends" itself.
  .use("*", requireAuth())
  .post("/requests", jsonBody(sendRequestSchema), async (c) => {
    const outcome = await sendRequest(c.var.deps, c.var.user.uid, c.req.valid("json"));
    return c.json(outcome.body, outcome.status);
  })
  .get("/requests", limitPerUser("readsPerUser"), async (c) => c.json(await listPendingRequests(c.var.deps.db, c.var.user.uid)))
  .post("/requests/:id/accept", pathParams(requestIdParamSchema), jsonBody(acceptRequestSchema), async (c) => {
    const friend = await acceptRequest(c.var.deps, c.var.user.uid, c.req.valid("param").id, c.req.valid("json").alias);
    return c.json({ friend });
  })
  .post("/requests/:id/reject", pathParams(requestIdParamSchema), async (c) => {
    await rejectRequest(c.var.deps, c.var.user.uid, c.req.valid("param").id);
    return c.json({ ok: true as const });
  })
  .get("/", limitPerUser("readsPerUser"), async (c) => {
    const { db, redis } = c.var.deps;
    return c.json({ friends: await listFriends(db, redis, c.var.user.uid) });
  })
  .patch("/:id", pathParams(friendIdParamSchema), jsonBody(setAliasSchema), async (c) => {
    const friend = await renameFriend(c.var.deps, c.var.user.uid, c.req.valid("param").id, c.req.valid("json").alias);
    return c.json({ friend });
  })
  .delete("/:id", pathParams(friendIdParamSchema), async (c) => {
    await removeFriend(c.var.deps, c.var.user.uid, c.req.valid("param").id);
    return c.json({ ok: true as const });
  });
