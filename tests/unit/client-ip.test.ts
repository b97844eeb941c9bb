import { describe, expect, it } from "vitest";
import { clientIp, findClientIp, ipBucket, LOOPBACK } from "../../workers/security/client-ip";

const request = (appEnv: string, header?: string) => ({
  env: { APP_ENV: appEnv },
  req: { header: (name: string) => (name.toLowerCase() === "cf-connecting-ip" ? header : undefined) },
});

describe("ipBucket", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(ipBucket("203.0.113.7")).toBe("203.0.113.7");
  });

  it("groups IPv6 addresses by /64, whatever their spelling", () => {
    expect(ipBucket("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:0DB8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(ipBucket("2001:db8:1:3::1")).not.toBe(ipBucket("2001:db8:1:2::1"));
  });

  it("treats an IPv4-mapped IPv6 address as the IPv4 one", () => {
    expect(ipBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(ipBucket("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("refuses what is not an address", () => {
    for (const bad of ["", "localhost", "1.2.3.256", "1.2.3", "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "12345::", "1.2.3.4, 5.6.7.8"]) {
      expect(ipBucket(bad), bad).toBeUndefined();
    }
  });
});

describe("clientIp", () => {
  it("in production takes CF-Connecting-IP, set by Cloudflare's edge", () => {
    expect(clientIp(request("production", "2001:db8:5:6::9"))).toBe("2001:db8:5:6::/64");
  });

  it("in production fails closed without a valid header", () => {
    expect(findClientIp(request("production"))).toBeUndefined();
    expect(() => clientIp(request("production"))).toThrow(expect.objectContaining({ code: "CLIENT_IP_UNKNOWN", status: 403 }));
    expect(() => clientIp(request("production", "garbage"))).toThrow(expect.objectContaining({ code: "CLIENT_IP_UNKNOWN" }));
  });

  it("in development ignores a client-sent header: every local caller is the loopback", () => {
    expect(clientIp(request("development", "198.51.100.9"))).toBe(LOOPBACK);
    expect(clientIp(request("development"))).toBe(LOOPBACK);
  });
});
