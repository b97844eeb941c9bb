// /v1/me: the caller's own profile.
import { Hono } from "hono";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { requireAuth } from "../middleware/auth";
import { findUserById, toProfile } from "./users";

export const meRoutes = new Hono<AppEnv>().get("/", requireAuth(), async (c) => {
  const user = await findUserById(c.var.deps.db, c.var.user.uid);
  if (!user) throw new ApiError("NOT_FOUND", "this account no longer exists");
  return c.json({ user: toProfile(user) });
});
