// Per-request Upstash Redis client; the only place that imports it. Every failure of a command
// (network, auth, 5xx) becomes a DependencyError so routes answer 503 REDIS_UNAVAILABLE.
import { Redis } from "@upstash/redis/cloudflare";
import { DependencyError } from "./dependency";

export type { Redis };

function guard<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((err: unknown) => {
    throw new DependencyError("redis", err);
  });
}

export function getRedis(env: Pick<Env, "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN">): Redis {
  const redis = new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    enableTelemetry: false,
    // Fail fast: a login should answer 503 in well under a second, not retry for seconds.
    retry: { retries: 1, backoff: () => 50 },
  });
  // Wrap methods that return promises (commands) and pipelines' exec().
  return new Proxy(redis, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) return guard(result);
        if (result && typeof result === "object" && "exec" in result && typeof result.exec === "function") {
          const exec = result.exec.bind(result) as (...a: unknown[]) => Promise<unknown>;
          return Object.assign(result, { exec: (...a: unknown[]) => guard(exec(...a)) });
        }
        return result;
      };
    },
  });
}
