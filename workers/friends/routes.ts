// /v1 friend routes (the seed's friend features): user search, friend requests, the friend list.
// Every route needs a bearer token; the caller is always the authenticated user.
import { Hono } from "hono";
import {
  acceptRequestSchema,
  friendIdParamSchema,
  requestIdParamSchema,
  searchQuerySchema,
  sendRequestSchema,
  setAliasSchema,
} from "../../protocol/friends";
import type { AppEnv } from "../context";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { enforce } from "../security/rate-limit";
import { jsonBody, pathParams, queryParams } from "../middleware/validate";
import { listFriends } from "./friendships";
import { removeFriend, renameFriend } from "./manage";
import { listPendingRequests } from "./request-rows";
import { acceptRequest, rejectRequest, sendRequest } from "./requests";
import { searchUsers } from "./search";

export const friendsRoutes = new Hono<AppEnv>()
  .use("/users/search", requireAuth())
  // "/friends/*" also matches "/friends" itself.
  .use("/friends/*", requireAuth())
  .get("/users/search", queryParams(searchQuerySchema), async (c) => {
    // Per user, so nobody can test a list of emails for accounts at speed.
    await enforce(c.var.deps, "searchPerUser", c.var.user.uid);
    return c.json(await searchUsers(c.var.deps.db, c.var.user.uid, c.req.valid("query")));
  })
  .post("/friends/requests", jsonBody(sendRequestSchema), async (c) => {
    const outcome = await sendRequest(c.var.deps, c.var.user.uid, c.req.valid("json"));
    return c.json(outcome.body, outcome.status);
  })
  .get("/friends/requests", limitPerUser("readsPerUser"), async (c) => c.json(await listPendingRequests(c.var.deps.db, c.var.user.uid)))
  .post("/friends/requests/:id/accept", pathParams(requestIdParamSchema), jsonBody(acceptRequestSchema), async (c) => {
    const friend = await acceptRequest(c.var.deps, c.var.user.uid, c.req.valid("param").id, c.req.valid("json").alias);
    return c.json({ friend });
  })
  .post("/friends/requests/:id/reject", pathParams(requestIdParamSchema), async (c) => {
    await rejectRequest(c.var.deps, c.var.user.uid, c.req.valid("param").id);
    return c.json({ ok: true as const });
  })
  .get("/friends", limitPerUser("readsPerUser"), async (c) => {
    const { db, redis } = c.var.deps;
    return c.json({ friends: await listFriends(db, redis, c.var.user.uid) });
  })
  .patch("/friends/:id", pathParams(friendIdParamSchema), jsonBody(setAliasSchema), async (c) => {
    const friend = await renameFriend(c.var.deps, c.var.user.uid, c.req.valid("param").id, c.req.valid("json").alias);
    return c.json({ friend });
  })
  .delete("/friends/:id", pathParams(friendIdParamSchema), async (c) => {
    await removeFriend(c.var.deps, c.var.user.uid, c.req.valid("param").id);
    return c.json({ ok: true as const });
  });
