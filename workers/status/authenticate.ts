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
  const check = await verifyToken(token, secret);
  if (!check.ok) {
    throw new ApiError(check.reason, check.reason === "TOKEN_EXPIRED" ? "token expired; log in again" : "token is not valid");
  }
  const uid = Number(check.claims.sub);
  if (!Number.isInteger(uid)) throw new ApiError("TOKEN_INVALID", "token is not valid");
  if (!(await isSessionActive(redis, uid, check.claims.jti))) {
    throw new ApiError("TOKEN_REVOKED", "this session was signed out; log in again");
  }
  return { uid, jti: check.claims.jti, exp: check.claims.exp };
}
