// GET /v1/admin/stats: live operating counters for operators, behind the ADMIN_TOKEN secret.
// Global counters and queue gauges come from Redis (flushed there by each user's Durable Object),
// online users and sockets from the status module; `?uid=` adds that user's object's stats(),
// `?group=` that group's object's stats().
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { timingSafeEqual } from "../lib/encoding";
import { groupRoom } from "../lib/group-room";
import { readMetrics } from "../lib/metrics";
import { userSession } from "../lib/user-session";
import { queryParams } from "../middleware/validate";
import { readOnline } from "../status/online";
import { adminStatsQuerySchema } from "../../protocol/admin";

/** Outside development a short or example admin token counts as not configured. */
const MIN_ADMIN_TOKEN = 24;

/** 503 ADMIN_DISABLED without a configured token, 401 without a bearer token, 403 with a wrong one. */
export const requireAdmin = createMiddleware<AppEnv>(async function requireAdmin(c, next) {
  const expected = c.env.ADMIN_TOKEN ?? "";
  const weak = expected.length < MIN_ADMIN_TOKEN || /change-me|local/i.test(expected);
  if (!expected || (weak && c.env.APP_ENV !== "development")) {
    throw new ApiError(
      "ADMIN_DISABLED",
      `admin routes are off: set a random ADMIN_TOKEN (at least ${MIN_ADMIN_TOKEN} characters) with wrangler secret put`,
    );
  }
  const header = c.req.header("Authorization");
  if (!header?.startsWith("Bearer ")) throw new ApiError("UNAUTHORIZED", "missing token: send Authorization: Bearer <ADMIN_TOKEN>");
  const encoder = new TextEncoder();
  if (!timingSafeEqual(encoder.encode(header.slice("Bearer ".length).trim()), encoder.encode(expected))) {
    throw new ApiError("FORBIDDEN", "not the admin token");
  }
  await next();
});

export const adminRoutes = new Hono<AppEnv>().get("/stats", requireAdmin, queryParams(adminStatsQuerySchema), async (c) => {
  const { redis, env } = c.var.deps;
  const { uid, group: groupId } = c.req.valid("query");
  const [metrics, online, user, group] = await Promise.all([
    readMetrics(redis),
    readOnline(redis),
    uid === undefined ? undefined : userSession(env, uid).stats(),
    groupId === undefined ? undefined : groupRoom(env, groupId).stats(),
  ]);
  return c.json({
    time: new Date().toISOString(),
    online,
    ...metrics,
    ...(user ? { user: { uid, ...user } } : {}),
    ...(group ? { group: { groupId, ...group } } : {}),
  });
});
