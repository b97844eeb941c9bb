// Upstash emulator: single commands through @upstash/redis (base64 replies, nil, errors, auth) under the /redis prefix.
import { describe, expect, it } from "vitest";
import { Redis, errors } from "@upstash/redis";
import { useEmulators } from "./fixture";

const env = useEmulators({ redis: true });
const down = useEmulators(); // its Redis port has nothing listening

/** enableAutoPipelining: false sends each command to the base URL itself instead of /pipeline. */
function client(opts: { token?: string; autoPipeline?: boolean; url?: string } = {}): Redis {
  return new Redis({
    url: opts.url ?? env.emulators.urls.upstash,
    token: opts.token ?? env.credentials.upstashToken,
    enableTelemetry: false,
    enableAutoPipelining: opts.autoPipeline ?? false,
    retry: false,
  });
}

describe("upstash commands", () => {
  it("round-trips strings, numbers and objects with set/get", async () => {
    const redis = client();
    expect(await redis.set("s", 'héllo 😀 "quoted"')).toBe("OK");
    expect(await redis.set("n", 42)).toBe("OK");
    expect(await redis.set("o", { a: [1, "two"], b: null })).toBe("OK");
    expect(await redis.get("s")).toBe('héllo 😀 "quoted"');
    expect(await redis.get("n")).toBe(42);
    expect(await redis.get("o")).toEqual({ a: [1, "two"], b: null });
  });

  it('keeps a stored string that reads "OK" distinct from the OK status', async () => {
    const redis = client();
    await redis.set("ok-value", "OK");
    expect(await redis.get("ok-value")).toBe("OK");
    expect(await redis.ping()).toBe("PONG");
  });

  it("returns null for a missing key and numbers for integer replies", async () => {
    const redis = client();
    expect(await redis.get("missing")).toBeNull();
    expect(await redis.incr("counter")).toBe(1);
    expect(await redis.incrby("counter", 41)).toBe(42);
    expect(await redis.exists("counter", "missing")).toBe(1);
  });

  it("sets expiries and reports ttl", async () => {
    const redis = client();
    await redis.set("temp", "x", { ex: 100 });
    expect(await redis.ttl("temp")).toBeGreaterThan(95);
    expect(await redis.expire("temp", 5)).toBe(1);
    expect(await redis.ttl("temp")).toBeLessThanOrEqual(5);
    expect(await redis.ttl("missing")).toBe(-2);
  });

  it("decodes nested replies: hashes, lists and sorted sets with scores", async () => {
    const redis = client();
    expect(await redis.hset("h", { name: "ada", visits: 3, emoji: "🎉" })).toBe(3);
    expect(await redis.hgetall("h")).toEqual({ name: "ada", visits: 3, emoji: "🎉" });
    await redis.rpush("list", "a", "b", "ç");
    expect(await redis.lrange("list", 0, -1)).toEqual(["a", "b", "ç"]);
    await redis.zadd("z", { score: 1, member: "one" }, { score: 2.5, member: "two" });
    expect(await redis.zrange("z", 0, -1, { withScores: true })).toEqual(["one", 1, "two", 2.5]);
  });

  it("throws the Redis error message for an error reply", async () => {
    const redis = client();
    await redis.set("word", "abc");
    await expect(redis.incr("word")).rejects.toThrow(/ERR value is not an integer/);
    await expect(redis.incr("word")).rejects.toBeInstanceOf(errors.UpstashError);
  });

  it("works the same through the default auto-pipelining client", async () => {
    const redis = client({ autoPipeline: true });
    const [a, b, c] = await Promise.all([redis.set("ap", "1"), redis.incr("ap"), redis.get("ap")]);
    expect([a, b, c]).toEqual(["OK", 2, 2]);
  });

  it("rejects a wrong token with 401 and a JSON error", async () => {
    await expect(client({ token: "wrong" }).get("s")).rejects.toThrow(/Unauthorized/);
    const res = await fetch(env.emulators.urls.upstash, { method: "POST", body: '["GET","s"]' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("answers 503 with a JSON error when Redis cannot be reached", async () => {
    const res = await fetch(down.emulators.urls.upstash, {
      method: "POST",
      headers: { authorization: `Bearer ${env.credentials.upstashToken}` },
      body: '["PING"]',
    });
    expect(res.status).toBe(503);
    expect((await res.json()) as { error: string }).toMatchObject({ error: expect.stringMatching(/^ERR redis unavailable/) });
  });
});
