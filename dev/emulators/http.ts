// Small HTTP helpers shared by the emulators: bounded body reading, JSON/HTML replies, auth headers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";

/** The human-readable part of an error body in any of the three APIs' shapes, for log lines. */
function describe(body: unknown): string | undefined {
  const b = body as { error?: unknown; message?: unknown } | null;
  const inner = b?.error as { message?: unknown } | undefined;
  const text = typeof b?.error === "string" ? b.error : (inner?.message ?? b?.message);
  return typeof text === "string" ? text : undefined;
}

/** An error that already knows the HTTP status and JSON body to answer with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message?: string,
  ) {
    super(message ?? describe(body) ?? `HTTP ${status}`);
    this.name = "HttpError";
  }
}

/** Default request body cap: large enough for blobs and attachments, small enough to stop runaway uploads. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Reads the whole body; rejects with HttpError(413) once it grows past `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering but keep draining so the 413 reply can still be delivered.
        chunks.length = 0;
        req.removeAllListeners("data");
        req.resume();
        reject(new HttpError(413, { error: `request body exceeds ${limit} bytes` }));
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** Parses a JSON body; `invalid` builds the error reply for malformed input (each API words it differently). */
export async function readJson(req: IncomingMessage, invalid: (message: string) => HttpError): Promise<unknown> {
  const raw = await readBody(req);
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw invalid(`invalid JSON body: ${(err as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Mailbox pages: no scripts at all, inline styles only, images allowed so HTML mail renders. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; frame-src 'self'";

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
  });
  res.end(html);
}

/** Constant-time string comparison for secrets. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1]?.trim();
}

/** user/password of an `Authorization: Basic ...` header, or undefined. */
export function basicCredentials(req: IncomingMessage): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** decodeURIComponent that keeps malformed input as-is instead of throwing. */
export function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
