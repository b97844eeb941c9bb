// Signed download URLs, for `<img src>` which cannot send a bearer token: an HMAC-SHA256 over
// "<file id>.<expiry>" with a key derived from TOKEN_SECRET (no new secret to manage; a URL
// signature can never pass for a login token or the reverse, the keys differ).
import { SIGNED_URL_TTL_SECONDS, type SignedUrlReply } from "../../protocol/files";

const encoder = new TextEncoder();
const KEY_LABEL = "qchat file download url v1";

async function urlKey(secret: string): Promise<CryptoKey> {
  const hmac = { name: "HMAC", hash: "SHA-256" } as const;
  const root = await crypto.subtle.importKey("raw", encoder.encode(secret), hmac, false, ["sign"]);
  const derived = await crypto.subtle.sign("HMAC", root, encoder.encode(KEY_LABEL));
  return crypto.subtle.importKey("raw", derived, hmac, false, ["sign", "verify"]);
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function signFileUrl(secret: string, fileId: string, nowMs = Date.now()): Promise<SignedUrlReply> {
  const exp = Math.floor(nowMs / 1000) + SIGNED_URL_TTL_SECONDS;
  const sig = await crypto.subtle.sign("HMAC", await urlKey(secret), encoder.encode(`${fileId}.${exp}`));
  return { url: `/v1/files/${fileId}?exp=${exp}&sig=${toHex(sig)}`, expiresAt: new Date(exp * 1000).toISOString() };
}

/** True for an unexpired URL this server signed for this file (compared in constant time). */
export async function verifyFileUrl(secret: string, fileId: string, exp: string, sig: string, nowMs = Date.now()): Promise<boolean> {
  if (!/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return false;
  if (Number(exp) * 1000 <= nowMs) return false;
  const bytes = new Uint8Array(sig.match(/../g)!.map((h) => parseInt(h, 16)));
  return crypto.subtle.verify("HMAC", await urlKey(secret), bytes, encoder.encode(`${fileId}.${exp}`));
}

/** Seconds a signed URL has left, for Cache-Control. */
export const secondsLeft = (exp: string, nowMs = Date.now()) => Math.max(0, Number(exp) - Math.floor(nowMs / 1000));
