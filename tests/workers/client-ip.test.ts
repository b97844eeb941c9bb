import { describe, expect, it } from "vitest";
import { callFromIp, uniqueIp } from "./edge";
import { requestsUntilRefused } from "./helpers";

const badLogin = (ip: string | undefined) =>
  callFromIp(ip, "POST", "/v1/auth/login", { body: { login: `nobody-${crypto.randomUUID()}`, password: "pw" } });

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
    let i = 0;
    const fromTheSame64 = () => (i++, badLogin(`${prefix}:${i.toString(16)}:0:0:${(i * 7).toString(16)}`));
    const { passed, refused: limited } = await requestsUntilRefused(30, fromTheSame64, 1);
    expect(passed.every((s) => s === 401)).toBe(true);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    // The neighbouring /64 has its own budget.
    expect((await badLogin(`${prefix.replace(/:[0-9a-f]+$/, ":ffff")}::1`)).status).toBe(401);
  });
});
