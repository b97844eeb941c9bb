// /v1 account routes (the seed's GateServer): codes, register, login, reset, logout, profile.
import { Hono } from "hono";
import {
  codeRequestSchema,
  loginRequestSchema,
  refreshRequestSchema,
  registerRequestSchema,
  resetRequestSchema,
} from "../../protocol/auth";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { requireAuth } from "../middleware/auth";
import { jsonBody } from "../middleware/validate";
import { closeSessionSockets, revokeSession } from "../status/sessions";
import { login, refresh, register, requestCode, resetPassword } from "./accounts";
import { findUserById, toProfile } from "./users";

export const gatewayRoutes = new Hono<AppEnv>()
  .post("/auth/code", jsonBody(codeRequestSchema), async (c) => c.json(await requestCode(c.var.deps, c.req.valid("json"))))
  .post("/auth/register", jsonBody(registerRequestSchema), async (c) =>
    c.json({ user: await register(c.var.deps, c.req.valid("json")) }, 201),
  )
  .post("/auth/login", jsonBody(loginRequestSchema), async (c) => c.json(await login(c.var.deps, c.req.valid("json"), c.req.url)))
  .post("/auth/refresh", jsonBody(refreshRequestSchema), async (c) => c.json(await refresh(c.var.deps, c.req.valid("json"))))
  .post("/auth/reset", jsonBody(resetRequestSchema), async (c) =>
    c.json({ ok: true as const, ...(await resetPassword(c.var.deps, c.req.valid("json"))) }),
  )
  .post("/auth/logout", requireAuth(), async (c) => {
    const { uid, jti } = c.var.user;
    await revokeSession(c.var.deps.redis, uid, jti);
    await closeSessionSockets(c.env, uid, [jti]);
    return c.json({ ok: true as const });
  })
  .get("/me", requireAuth(), async (c) => {
    const user = await findUserById(c.var.deps.db, c.var.user.uid);
    if (!user) throw new ApiError("NOT_FOUND", "this account no longer exists");
    return c.json({ user: toProfile(user) });
  });
