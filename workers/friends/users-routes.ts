// /v1/users/search: find people to befriend (the seed's friend search), by bearer token.
import { Hono } from "hono";
import { searchQuerySchema } from "../../protocol/friends";
import type { AppEnv } from "../context";
import { requireAuth } from "../middleware/auth";
import { queryParams } from "../middleware/validate";
import { enforce } from "../security/rate-limit";
import { searchUsers } from "./search";

export const userRoutes = new Hono<AppEnv>().get("/search", requireAuth(), queryParams(searchQuerySchema), async (c) => {
  // Per user, so nobody can test a list of emails for accounts at speed.
  await enforce(c.var.deps, "searchPerUser", c.var.user.uid);
  return c.json(await searchUsers(c.var.deps.db, c.var.user.uid, c.req.valid("query")));
});
