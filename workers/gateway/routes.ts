// /v1/auth: the account routes (the seed's GateServer): codes, register, login, refresh, reset, logout.
// The caller's profile (/v1/me) is in me.ts.
import { Hono } from "hono";
import {
  codeRequestSchema,
  loginRequestSchema,
  refreshRequestSchema,
  registerRequestSchema,
  resetRequestSchema,
} from "../../protocol/auth";
import type { AppEnv } from "../context";
import { requireAuth } from "../middleware/auth";
import { jsonBody } from "../middleware/validate";
import { closeSessionSockets, revokeSession } from "../status/sessions";
import { login, refresh, register, requestCode, resetPassword } from "./accounts";

export const authRoutes = new Hono<AppEnv>()
  .post("/code", jsonBody(codeRequestSchema), async (c) => c.json(await requestCode(c.var.deps, c.req.valid("json"))))
  .post("/register", jsonBody(registerRequestSchema), async (c) => c.json({ user: await register(c.var.deps, c.req.valid("json")) }, 201))
  .post("/login", jsonBody(loginRequestSchema), async (c) => c.json(await login(c.var.deps, c.req.valid("json"), c.req.url)))
  .post("/refresh", jsonBody(refreshRequestSchema), async (c) => c.json(await refresh(c.var.deps, c.req.valid("json"))))
  .post("/reset", jsonBody(resetRequestSchema), async (c) =>
    c.json({ ok: true as const, ...(await resetPassword(c.var.deps, c.req.valid("json"))) }),
  )
  .post("/logout", requireAuth(), async (c) => {
    const { uid, jti } = c.var.user;
    await revokeSession(c.var.deps.redis, uid, jti);
    await closeSessionSockets(c.env, uid, [jti]);
    return c.json({ ok: true as const });
  });
