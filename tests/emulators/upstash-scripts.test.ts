// Upstash emulator: Lua scripts with Upstash-only shebang flags, driven by @upstash/ratelimit.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import { useEmulators } from "./fixture";

const env = useEmulators({ redis: true });

describe("upstash scripts", () => {
  it("runs @upstash/ratelimit's scripts (allow-key-locking flag) and enforces the window", async () => {
    const redis = new Redis({ url: env.emulators.urls.upstash, token: env.credentials.upstashToken, enableTelemetry: false });
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(3, "10 s"), ephemeralCache: false, analytics: false });
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await limiter.limit("user-1")).success);
    expect(results).toEqual([true, true, true, false, false]);
    expect((await limiter.limit("user-2")).success).toBe(true);
  });

  it("keeps plain EVAL and EVALSHA working", async () => {
    const redis = new Redis({ url: env.emulators.urls.upstash, token: env.credentials.upstashToken, enableTelemetry: false });
    expect(await redis.eval("return ARGV[1]", [], ["hi"])).toBe("hi");
    const sha = await redis.scriptLoad("#!lua flags=allow-key-locking\nreturn 7");
    expect(await redis.evalsha(sha, [], [])).toBe(7);
  });
});
