// Commands issued in the same tick, sent as one pipeline: one HTTP round trip to Upstash. The
// client's own auto-pipelining keeps reads and writes in separate pipelines (two round trips for
// a session GET beside two rate-limit scripts); a request that needs several independent checks
// at once (the chat socket upgrade) passes this to them instead.
import { DependencyError } from "./dependency";
import type { Redis } from "./redis";

type Pipeline = ReturnType<Redis["pipeline"]>;
type Results = { error?: string; result: unknown }[];

/** A Redis that queues each command into a pipeline sent once the current tick's code has run. */
export function oneRoundTrip(redis: Redis): Redis {
  let open: { pipeline: Pipeline; size: number; results: Promise<Results> } | undefined;
  const batch = () => {
    if (open) return open;
    const pipeline = redis.pipeline();
    const results = Promise.resolve().then(() => {
      open = undefined;
      return pipeline.exec({ keepErrors: true }) as Promise<Results>;
    });
    return (open = { pipeline, size: 0, results });
  };
  // Never sent: tells commands (which a pipeline has too) from the rest (pipeline(), multi(), ...).
  const commands = redis.pipeline() as unknown as Record<string, unknown>;
  return new Proxy(redis, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || typeof prop !== "string" || typeof commands[prop] !== "function") return value;
      return (...args: unknown[]) => {
        const current = batch();
        const index = current.size++;
        (current.pipeline as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]!(...args);
        return current.results.then((results) => {
          const { error, result } = results[index]!;
          // Worded as the client words it, so callers that look for "NOSCRIPT" still find it.
          if (error) throw new DependencyError("redis", new Error(`Command failed: ${error}`));
          return result;
        });
      };
    },
  });
}
