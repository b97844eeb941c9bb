import { describe, expect, it } from "vitest";
import { callFromIp, uniqueIp } from "./edge";

const badLogin = (ip: string | undefined) => callFromIp(ip, "POST", "/v1/auth/login", { body: { login: `nobody-${crypto.randomUUID()}`, password: "pw" } });

describe("per-IP limits in production", () => {
  it("refuse a request without CF-Connecting-IP with 403 CLIENT_IP_UNKNOWN instead of skipping the limit", async () => {
    for (const ip of [undefined, "not-an-address"]) {
      const res = await badLogin(ip);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("CLIENT_IP_UNKNOWN");
    }
  });

  it("count every address of one IPv6 /64 together", async () => {
    const prefix = uniqueIp(6).replace(/::1$/, "");
    for (let i = 0; i < 30; i++) expect((await badLogin(`${prefix}:${i.toString(16)}:0:0:${(i * 7).toString(16)}`)).status).toBe(401);
    const limited = await badLogin(`${prefix}::ffff`);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    // The neighbouring /64 has its own budget.
    expect((await badLogin(`${prefix.replace(/:[0-9a-f]+$/, ":ffff")}::1`)).status).toBe(401);
  });
});
