// Per-user and per-IP limits as route middleware (the policies are in security/rate-limit.ts).
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { enforce, type PolicyName } from "../security/rate-limit";

/** Counts the request against a per-user policy; after requireAuth. */
export function limitPerUser(name: PolicyName) {
  return createMiddleware<AppEnv>(async function limitPerUser(c, next) {
    await enforce(c.var.deps, name, c.var.user.uid);
    await next();
  });
}

/** Counts the request against a per-IP policy; before authentication, so failed attempts count too. */
export function limitPerIp(name: PolicyName) {
  return createMiddleware<AppEnv>(async function limitPerIp(c, next) {
    await enforce(c.var.deps, name, c.var.deps.clientIp);
    await next();
  });
}
