// Login tokens: compact HS256 JWTs (WebCrypto HMAC) with subject, jti and expiry.
import { fromBase64Url, toBase64Url } from "../lib/encoding";

export interface TokenClaims {
  /** User id as a decimal string (JWT convention). */
  sub: string;
  /** Session id; the session record in Redis makes the token revocable. */
  jti: string;
  iat: number;
  exp: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: "TOKEN_INVALID" | "TOKEN_EXPIRED" };

const encoder = new TextEncoder();
const HEADER = toBase64Url(encoder.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function signToken(claims: TokenClaims, secret: string): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${HEADER}.${payload}`));
  return `${HEADER}.${payload}.${toBase64Url(new Uint8Array(signature))}`;
}

function isClaims(value: unknown): value is TokenClaims {
  if (!value || typeof value !== "object") return false;
  const c = value as Record<string, unknown>;
  return typeof c.sub === "string" && typeof c.jti === "string" && typeof c.iat === "number" && typeof c.exp === "number";
}

/** Checks signature (constant time, via crypto.subtle.verify), header and expiry. */
export async function verifyToken(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<TokenCheck> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: "TOKEN_INVALID" };
  const [header, payload, signature] = parts as [string, string, string];
  let claims: unknown;
  try {
    const valid = await crypto.subtle.verify(
      "HMAC",
      await hmacKey(secret),
      fromBase64Url(signature),
      encoder.encode(`${header}.${payload}`),
    );
    if (!valid) return { ok: false, reason: "TOKEN_INVALID" };
    claims = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
  } catch {
    return { ok: false, reason: "TOKEN_INVALID" };
  }
  if (!isClaims(claims)) return { ok: false, reason: "TOKEN_INVALID" };
  if (claims.exp <= nowSeconds) return { ok: false, reason: "TOKEN_EXPIRED" };
  return { ok: true, claims };
}
