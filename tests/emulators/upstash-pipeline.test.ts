// Upstash emulator: /pipeline and /multi-exec through the client, and the raw REST wire format.
import { describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { useEmulators } from "./fixture";

const env = useEmulators({ redis: true });

function client(): Redis {
  return new Redis({ url: env.emulators.urls.upstash, token: env.credentials.upstashToken, enableTelemetry: false, retry: false });
}

/** Posts a raw REST request the way the client does, optionally asking for base64 replies. */
async function post(path: string, body: unknown, base64 = false): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { authorization: `Bearer ${env.credentials.upstashToken}` };
  if (base64) headers["Upstash-Encoding"] = "base64";
  const res = await fetch(`${env.emulators.urls.upstash}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("upstash pipeline and multi-exec", () => {
  it("runs a client pipeline and returns results in order", async () => {
    const p = client().pipeline();
    p.set("p:a", "1").incr("p:a").get("p:a").hset("p:h", { f: "v" }).hgetall("p:h");
    expect(await p.exec()).toEqual(["OK", 2, 2, 1, { f: "v" }]);
  });

  it("runs a client multi() transaction atomically on one connection", async () => {
    const tx = client().multi();
    tx.set("m:a", "x").append("m:a", "y").get("m:a").del("m:a");
    expect(await tx.exec()).toEqual(["OK", 2, "xy", 1]);
  });

  it("reports a failing command inside a pipeline per command, not for the whole request", async () => {
    await post("", ["SET", "p:word", "abc"]);
    const reply = await post("/pipeline", [
      ["INCR", "p:word"],
      ["GET", "p:word"],
      ["SUBSCRIBE", "chan"],
    ]);
    expect(reply.status).toBe(200);
    const [incr, get, subscribe] = reply.body as { result?: unknown; error?: string }[];
    expect(incr?.error).toMatch(/^ERR value is not an integer/);
    expect(get).toEqual({ result: "abc" });
    expect(subscribe?.error).toMatch(/not available/);
  });

  it("aborts a multi-exec whose command is rejected while queueing and applies nothing", async () => {
    const reply = await post("/multi-exec", [["SET", "m:never", "1"], ["NOSUCHCOMMAND"]]);
    expect(reply.status).toBe(400);
    expect((reply.body as { error: string }).error).toMatch(/EXECABORT.*unknown command/i);
    expect((await post("", ["EXISTS", "m:never"])).body).toEqual({ result: 0 });
  });

  it("base64-encodes every string, nested too, except the OK status, when asked", async () => {
    expect((await post("", ["SET", "raw:k", "vé"], true)).body).toEqual({ result: "OK" });
    expect((await post("", ["GET", "raw:k"], true)).body).toEqual({ result: b64("vé") });
    await post("", ["RPUSH", "raw:l", "a", "OK"]);
    expect((await post("", ["LRANGE", "raw:l", 0, -1], true)).body).toEqual({ result: [b64("a"), b64("OK")] });
    expect((await post("", ["PING"], true)).body).toEqual({ result: b64("PONG") });
    const nested = await post(
      "/pipeline",
      [
        ["GET", "missing"],
        ["LLEN", "raw:l"],
        ["LRANGE", "raw:l", 0, 0],
      ],
      true,
    );
    expect(nested.body).toEqual([{ result: null }, { result: 2 }, { result: [b64("a")] }]);
  });

  it("answers plain UTF-8 without the encoding header, with 400 for a single failing command", async () => {
    const plain = await post("", ["GET", "raw:k"]);
    expect(plain.body).toEqual({ result: "vé" });
    expect(plain.headers.get("upstash-sync-token")).toMatch(/\S/); // the client echoes it back on the next call
    const failed = await post("", ["INCR", "raw:k"]);
    expect(failed.status).toBe(400);
    expect(failed.body).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("rejects malformed bodies and unknown endpoints", async () => {
    expect((await post("", { not: "an array" })).status).toBe(400);
    expect((await post("/pipeline", [])).status).toBe(400);
    expect((await post("/nope", [["PING"]])).status).toBe(404);
  });
});
