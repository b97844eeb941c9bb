// Calls the app as Cloudflare's edge would in production: with CF-Connecting-IP set by "the edge"
// (the test) and APP_ENV=production, the only mode that trusts that header. SELF runs in
// development, where every request counts as 127.0.0.1 (workers/security/client-ip.ts).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { app } from "../../workers/app";
import { BASE, type Reply } from "./helpers";

/** Production settings with the default rate-limit policies. */
export const productionEnv: Env = { ...env, APP_ENV: "production", RATE_LIMITS: "" };

let counter = 0;
/** An address no other test uses (documentation ranges, RFC 5737 / RFC 3849). */
export function uniqueIp(family: 4 | 6 = 4): string {
  const n = (Date.now() + counter++) % 65_536;
  return family === 4 ? `198.51.${n >> 8}.${n & 0xff}` : `2001:db8:${n.toString(16)}:${(counter % 65_536).toString(16)}::1`;
}

/** Calls the app in production mode; `ip` undefined sends no CF-Connecting-IP at all. */
export async function callFromIp<T = any>(
  ip: string | undefined,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (ip !== undefined) headers["CF-Connecting-IP"] = ip;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${BASE}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }),
    productionEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
