// GET /v1/ws: authenticates the upgrade in the Worker, then hands the socket to the user's
// Durable Object, addressed by the authenticated uid (never by anything the client names).
// Upgrades are limited per IP and per user (429 RATE_LIMITED) before any object is reached; the
// session check and both limits cost one Redis round trip together.
import { Hono } from "hono";
import { DO_HEADERS } from "../durable-objects/user-session";
import { DEVICE_ID_PATTERN } from "../protocol/frames";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";
import { userSession } from "./lib/user-session";
import { requireAuthLimited } from "./middleware/auth";

export const chatSocketRoutes = new Hono<AppEnv>().get(
  "/",
  requireAuthLimited("socketsPerIp", "socketsPerUser", { allowQueryToken: true }),
  async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError("VALIDATION_FAILED", "this endpoint needs a WebSocket upgrade (Upgrade: websocket)");
    }
    const device = c.req.query("device");
    if (device !== undefined && !DEVICE_ID_PATTERN.test(device)) {
      throw new ApiError("VALIDATION_FAILED", "device must be 1–64 of letters, digits, _ or -");
    }
    const { uid, jti } = c.var.user;
    const headers = new Headers(c.req.raw.headers);
    headers.set(DO_HEADERS.uid, String(uid));
    headers.set(DO_HEADERS.session, jti);
    // Without `?device=` the object makes up an ephemeral id (never taken from the client's headers).
    headers.delete(DO_HEADERS.device);
    if (device !== undefined) headers.set(DO_HEADERS.device, device);
    return userSession(c.env, uid).fetch(new Request(c.req.raw.url, { headers }));
  },
);
