// Bearer-token authentication: sets c.var.user, or answers 401 with the precise reason.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { authenticate } from "../status/authenticate";

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

export function requireAuth(opts: { allowQueryToken?: boolean } = {}) {
  return createMiddleware<AppEnv>(async function requireAuth(c, next) {
    const token = extractToken(c.req.raw, opts.allowQueryToken ?? false);
    if (!token) throw new ApiError("UNAUTHORIZED", "missing token: send Authorization: Bearer <token>");
    const { redis, env } = c.var.deps;
    c.set("user", await authenticate(redis, env.TOKEN_SECRET, token));
    c.set("token", token);
    await next();
  });
}
