// Abuse throttles on the HTTP routes: sliding windows in Redis via @upstash/ratelimit, one
// policy per kind of request, overridable with the RATE_LIMITS variable (JSON). A refused
// request gets 429 RATE_LIMITED with Retry-After.
import { Ratelimit } from "@upstash/ratelimit";
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { clientIpUnknown } from "./client-ip";

type Window = `${number} ${"s" | "m" | "h" | "d"}`;
export interface Policy {
  requests: number;
  window: Window;
}

/** Defaults: generous for people, tight for scripts. */
export const DEFAULT_POLICIES = {
  loginPerIp: { requests: 30, window: "1 m" },
  loginPerAccount: { requests: 10, window: "15 m" },
  codePerIp: { requests: 20, window: "1 h" },
  codePerEmail: { requests: 5, window: "1 h" },
  registerPerIp: { requests: 10, window: "1 h" },
  registerPerEmail: { requests: 10, window: "1 h" },
  resetPerIp: { requests: 30, window: "1 h" },
  resetPerEmail: { requests: 10, window: "1 h" },
  /** Every user search; exact email lookups are how accounts could be enumerated. */
  searchPerUser: { requests: 120, window: "1 h" },
  friendRequestsPerUser: { requests: 50, window: "1 d" },
  blocksPerUser: { requests: 100, window: "1 d" },
  /** Chat socket upgrades: a reconnecting client backs off; a script opening sockets in a loop does not. */
  socketsPerUser: { requests: 30, window: "1 m" },
  socketsPerIp: { requests: 300, window: "1 m" },
  /** Groups a user creates, and invite links they make: plenty for people, a wall for scripts. */
  groupsPerUser: { requests: 20, window: "1 h" },
  groupInvitesPerUser: { requests: 50, window: "1 h" },
  /** Message searches (each a FULLTEXT query over every conversation of the user): a person typing, not a script. */
  messageSearchPerUser: { requests: 30, window: "1 m" },
  /** Account exports (each reads every message of the user from MySQL). */
  exportsPerUser: { requests: 5, window: "1 h" },
  /** HTTP reads (conversation list, history, friends): 5 a second sustained, per user. */
  readsPerUser: { requests: 300, window: "1 m" },
  /** File uploads (a pasted image is two: the original and its thumbnail), and downloads/signed URLs. */
  fileUploadsPerUser: { requests: 200, window: "1 h" },
  fileReadsPerUser: { requests: 600, window: "1 m" },
} satisfies Record<string, Policy>;

export type PolicyName = keyof typeof DEFAULT_POLICIES;

function policies(env: Env): Record<PolicyName, Policy> {
  if (!env.RATE_LIMITS) return DEFAULT_POLICIES;
  try {
    return { ...DEFAULT_POLICIES, ...(JSON.parse(env.RATE_LIMITS) as Partial<Record<PolicyName, Policy>>) };
  } catch {
    throw new Error('config: RATE_LIMITS must be JSON like {"loginPerIp":{"requests":30,"window":"1 m"}}');
  }
}

/**
 * Counts one request against a policy for an identifier (an IP bucket, an email, a uid).
 * Never skips: an unknown client IP (deps.clientIp undefined) refuses the request with 403
 * CLIENT_IP_UNKNOWN (fail closed; see security/client-ip.ts).
 */
export async function enforce(deps: Deps, name: PolicyName, identifier: string | number | undefined): Promise<void> {
  if (identifier === undefined) {
    if (name.endsWith("PerIp")) throw clientIpUnknown();
    throw new Error(`rate limit ${name}: no identifier`);
  }
  const policy = policies(deps.env)[name];
  const limiter = new Ratelimit({
    redis: deps.redis,
    limiter: Ratelimit.slidingWindow(policy.requests, policy.window),
    prefix: `qchat:rl:${name}`,
    // No per-isolate cache: decisions come from Redis only, the same on every Worker instance.
    ephemeralCache: false,
    analytics: false,
  });
  const { success, reset } = await limiter.limit(String(identifier).toLowerCase());
  if (success) return;
  const retryAfter = Math.max(1, Math.ceil((reset - Date.now()) / 1000));
  throw new ApiError("RATE_LIMITED", `too many requests (${policy.requests} per ${policy.window}); retry in ${retryAfter} s`, {
    retryAfter,
  });
}
