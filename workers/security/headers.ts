// Response hardening: security headers on every HTTP reply and a strict CORS allow-list
// (CORS_ORIGINS, comma-separated; empty = same-origin only).
import { createMiddleware } from "hono/factory";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../context";

const hardened = secureHeaders({
  // The API serves JSON only: nothing may be framed, embedded or executed from it.
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginResourcePolicy: "same-origin",
  // A route that sets its own (file downloads, workers/files/serve.ts) keeps it.
  overwrite: false,
});

/** Security headers, except on WebSocket upgrades (their 101 response is not ours to edit). */
export const securityHeaders = createMiddleware<AppEnv>(async function securityHeaders(c, next) {
  if (c.req.header("Upgrade")?.toLowerCase() === "websocket") return next();
  return hardened(c, next);
});

export const corsAllowList = createMiddleware<AppEnv>(async function corsAllowList(c, next) {
  const allowed = (c.env.CORS_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return cors({
    origin: (origin) => (allowed.includes(origin) ? origin : null),
    allowHeaders: ["Authorization", "Content-Type"],
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    maxAge: 600,
  })(c, next);
});
