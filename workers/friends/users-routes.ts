// /v1/users: find people to befriend (the seed's friend search), and public profiles by id (a
// deleted account answers as deleted, so clients can label its messages). Bearer token.
import { Hono } from "hono";
import { userLookupQuerySchema } from "../../protocol/account";
import { searchQuerySchema } from "../../protocol/friends";
import { lookupUsers } from "../account/lookup";
import type { AppEnv } from "../context";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { queryParams } from "../middleware/validate";
import { enforce } from "../security/rate-limit";
import { searchUsers } from "./search";

export const userRoutes = new Hono<AppEnv>()
  .get("/search", requireAuth(), queryParams(searchQuerySchema), async (c) => {
    // Per user, so nobody can test a list of emails for accounts at speed.
    await enforce(c.var.deps, "searchPerUser", c.var.user.uid);
    return c.json(await searchUsers(c.var.deps.db, c.var.user.uid, c.req.valid("query")));
  })
  .get("/", requireAuth(), limitPerUser("readsPerUser"), queryParams(userLookupQuerySchema), async (c) =>
    c.json(await lookupUsers(c.var.deps.db, c.req.valid("query").ids)),
  );
