// One structured log line per failed request, and the `errors.http.<CODE>` counter in Redis,
// incremented after the response is sent. Only the method, the path (never the query string,
// which may carry a token), the status and the code are logged; 5xx add a sanitised cause.
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { safeCause, type ApiError } from "../errors";
import { COUNTERS_KEY, counterName, logEvent } from "../lib/metrics";
import { getRedis } from "../lib/redis";

export function recordRequestError(c: Context<AppEnv>, error: ApiError, thrown: unknown): void {
  const fields = { method: c.req.method, path: c.req.path, status: error.status, code: error.code };
  if (error.status >= 500) logEvent("error", "request", { ...fields, cause: safeCause(error.cause ?? thrown) });
  else logEvent("info", "request", fields);
  try {
    const counted = getRedis(c.env)
      .hincrby(COUNTERS_KEY, counterName.httpError(error.code), 1)
      .catch(() => {});
    c.executionCtx.waitUntil(counted);
  } catch {
    // No execution context (unit tests) or no Redis configured: the log line is enough.
  }
}
