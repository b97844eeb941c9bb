// Bearer-token authentication: sets c.var.user, or answers 401 with the precise reason.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { oneRoundTrip } from "../lib/redis-batch";
import { enforce, type PolicyName } from "../security/rate-limit";
import { authenticate, requireActiveSession, verifyClaims, type AuthenticatedUser } from "../status/authenticate";

/** Subprotocol prefix that carries the token for browsers, which cannot set headers on a WebSocket. */
export const TOKEN_SUBPROTOCOL_PREFIX = "bearer.";

/** Finds the token in the Authorization header, a `bearer.<token>` subprotocol, or `?token=`. */
export function extractToken(request: Request, allowQuery: boolean): string | undefined {
  const header = request.headers.get("Authorization");
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim();
  const protocols =
    request.headers
      .get("Sec-WebSocket-Protocol")
      ?.split(",")
      .map((p) => p.trim()) ?? [];
  const fromProtocol = protocols.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  if (fromProtocol) return fromProtocol.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  return allowQuery ? (new URL(request.url).searchParams.get("token") ?? undefined) : undefined;
}

const missingToken = () => new ApiError("UNAUTHORIZED", "missing token: send Authorization: Bearer <token>");

export function requireAuth(opts: { allowQueryToken?: boolean } = {}) {
  return createMiddleware<AppEnv>(async function requireAuth(c, next) {
    const token = extractToken(c.req.raw, opts.allowQueryToken ?? false);
    if (!token) throw missingToken();
    const { redis, env } = c.var.deps;
    c.set("user", await authenticate(redis, env.TOKEN_SECRET, token));
    c.set("token", token);
    await next();
  });
}

/**
 * requireAuth with a per-IP and a per-user limit, as the chat socket upgrade needs them: the
 * session check and both limits in one Redis round trip (they are independent once the token's
 * signature names the user). The per-IP limit counts failed attempts too, and is answered first
 * (429 before 401, as when it ran before authentication); a bad token costs only that limit.
 */
export function requireAuthLimited(perIp: PolicyName, perUser: PolicyName, opts: { allowQueryToken?: boolean } = {}) {
  return createMiddleware<AppEnv>(async function requireAuthLimited(c, next) {
    const deps = c.var.deps;
    const token = extractToken(c.req.raw, opts.allowQueryToken ?? false);
    let claims: AuthenticatedUser;
    try {
      if (!token) throw missingToken();
      claims = await verifyClaims(deps.env.TOKEN_SECRET, token);
    } catch (err) {
      await enforce(deps, perIp, deps.clientIp);
      throw err;
    }
    const batched = { ...deps, redis: oneRoundTrip(deps.redis) };
    const [ip, session, user] = await Promise.allSettled([
      enforce(batched, perIp, deps.clientIp),
      requireActiveSession(batched.redis, claims),
      enforce(batched, perUser, claims.uid),
    ]);
    for (const check of [ip, session, user]) if (check.status === "rejected") throw check.reason;
    c.set("user", claims);
    c.set("token", token);
    await next();
  });
}
