// Turns a bearer token into the authenticated user, or the precise reason it is refused.
import { ApiError } from "../errors";
import type { Redis } from "../lib/redis";
import { isSessionActive } from "./sessions";
import { verifyToken } from "./token";

export interface AuthenticatedUser {
  uid: number;
  jti: string;
  /** Token expiry, unix seconds. */
  exp: number;
}

export async function authenticate(redis: Redis, secret: string, token: string): Promise<AuthenticatedUser> {
  const user = await verifyClaims(secret, token);
  await requireActiveSession(redis, user);
  return user;
}

/** The token's signature, expiry and subject, checked without Redis (the session is not). */
export async function verifyClaims(secret: string, token: string): Promise<AuthenticatedUser> {
  const check = await verifyToken(token, secret);
  if (!check.ok) {
    throw new ApiError(check.reason, check.reason === "TOKEN_EXPIRED" ? "token expired; log in again" : "token is not valid");
  }
  const uid = Number(check.claims.sub);
  if (!Number.isInteger(uid)) throw new ApiError("TOKEN_INVALID", "token is not valid");
  return { uid, jti: check.claims.jti, exp: check.claims.exp };
}

/** Refuses a token whose session was signed out (or expired in Redis). */
export async function requireActiveSession(redis: Redis, user: AuthenticatedUser): Promise<void> {
  if (!(await isSessionActive(redis, user.uid, user.jti))) {
    throw new ApiError("TOKEN_REVOKED", "this session was signed out; log in again");
  }
}
