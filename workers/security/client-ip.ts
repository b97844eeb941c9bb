// Who is calling, for per-IP limits: one rule for every route and the socket upgrade.
//
// Production: CF-Connecting-IP, which Cloudflare's edge sets on every request and overwrites if a
// client sent one (https://developers.cloudflare.com/fundamentals/reference/http-headers/). A
// request without a valid one did not come through the edge: fail closed (403 CLIENT_IP_UNKNOWN).
// Development: `wrangler dev` / Miniflare pass a client-sent CF-Connecting-IP through and only fill
// it from the socket when it is absent (miniflare entry.worker.ts, getUserRequest), so the header is
// a client's claim there. Our dev server listens on 127.0.0.1 only (dev/worker-process.ts), so the
// connection's address is always the loopback: every local request counts as 127.0.0.1.
// IPv6 clients are grouped by /64, the block one subscriber usually gets.
import { ApiError } from "../errors";

export const LOOPBACK = "127.0.0.1";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

/** The 8 hextets of an IPv6 address (embedded IPv4 tail and zone id allowed), or undefined. */
function ipv6Hextets(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const v4Tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    if (!IPV4.test(v4Tail[1]!)) return undefined;
    const [a, b, c, d] = v4Tail[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4Tail.index)}:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const parts = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!parts.every((p) => HEXTET.test(p))) return undefined;
  return parts.map((p) => parseInt(p, 16));
}

/**
 * The rate-limit bucket of an address: an IPv4 address as is, an IPv6 address as its /64
 * (`2001:db8:1:2::/64`), an IPv4-mapped IPv6 address as the IPv4 one; undefined if not an address.
 */
export function ipBucket(address: string): string | undefined {
  const trimmed = address.trim();
  if (IPV4.test(trimmed)) return trimmed;
  const hextets = ipv6Hextets(trimmed);
  if (!hextets) return undefined;
  const isV4Mapped = hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff;
  if (isV4Mapped) return [hextets[6]! >> 8, hextets[6]! & 0xff, hextets[7]! >> 8, hextets[7]! & 0xff].join(".");
  return `${hextets
    .slice(0, 4)
    .map((h) => h.toString(16))
    .join(":")}::/64`;
}

/** What clientIp needs from a Hono context (or anything shaped like one). */
export interface ClientIpSource {
  req: { header(name: string): string | undefined };
  env: { APP_ENV?: string };
}

/** The caller's bucket by the rule above, or undefined when production has no valid edge header. */
export function findClientIp(c: ClientIpSource): string | undefined {
  if (c.env.APP_ENV === "development") return LOOPBACK;
  const header = c.req.header("CF-Connecting-IP");
  return header === undefined ? undefined : ipBucket(header);
}

/** The caller's bucket for per-IP limits; throws 403 CLIENT_IP_UNKNOWN rather than skip a limit. */
export function clientIp(c: ClientIpSource): string {
  const ip = findClientIp(c);
  if (ip === undefined) throw clientIpUnknown();
  return ip;
}

export function clientIpUnknown(): ApiError {
  return new ApiError("CLIENT_IP_UNKNOWN", "the client address is unknown (no valid CF-Connecting-IP from Cloudflare's edge)");
}
