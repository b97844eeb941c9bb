// Resend API emulator: `POST /emails` (and `GET /emails/:id`) as the resend SDK calls them; mail lands in the mailbox.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash, randomUUID } from "node:crypto";
import { bearerToken, decodeSegment, readJson, sameSecret, sendJson } from "./http";
import type { Mailbox, StoredEmail } from "./mailbox";
import { resendError, validateEmail } from "./resend-validate";

export interface ResendEmulator {
  /** Handles a request whose path had the mount prefix removed, e.g. "/emails". */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

/** Resend keeps idempotency keys for 24 hours. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface Remembered {
  fingerprint: string;
  id: string;
  expires: number;
}

/** The shape `GET /emails/:id` answers with (subset of the real one). */
function emailView(email: StoredEmail) {
  const { id, from, to, cc, bcc, reply_to, subject, html, text, created_at, scheduled_at } = email;
  return { object: "email", id, from, to, cc, bcc, reply_to, subject, html, text, created_at, scheduled_at, last_event: "delivered" };
}

export function createResend(opts: { apiKey: string; mailbox: Mailbox }): ResendEmulator {
  const idempotency = new Map<string, Remembered>();

  /** Same key + same body -> same id, nothing stored twice; same key + other body -> 409, as Resend does. */
  function replay(key: string, raw: unknown): { id?: string; remember(id: string): void } {
    const now = Date.now();
    for (const [k, v] of idempotency) if (v.expires < now) idempotency.delete(k);
    if (key.length < 1 || key.length > 256) throw resendError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
    const fingerprint = createHash("sha256").update(JSON.stringify(raw)).digest("hex");
    const seen = idempotency.get(key);
    if (seen && seen.fingerprint !== fingerprint) {
      throw resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
    }
    return {
      id: seen?.id,
      remember: (id) => idempotency.set(key, { fingerprint, id, expires: now + IDEMPOTENCY_TTL_MS }),
    };
  }

  async function send(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readJson(req, (m) => resendError(400, "validation_error", m));
    const key = req.headers["idempotency-key"];
    const idem = typeof key === "string" ? replay(key, raw) : undefined;
    if (idem?.id) return sendJson(res, 200, { id: idem.id });
    const email = validateEmail(raw, randomUUID());
    await opts.mailbox.save(email);
    idem?.remember(email.id);
    sendJson(res, 200, { id: email.id });
  }

  return {
    async handle(req, res, path) {
      const token = bearerToken(req);
      if (!token) {
        throw resendError(
          401,
          "missing_api_key",
          "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY",
        );
      }
      if (!sameSecret(token, opts.apiKey)) throw resendError(403, "invalid_api_key", "API key is invalid");

      if (path === "/emails") {
        if (req.method !== "POST") throw resendError(405, "method_not_allowed", "Method not allowed");
        return send(req, res);
      }
      const match = /^\/emails\/([^/]+)$/.exec(path);
      if (match?.[1] && req.method === "GET") {
        const email = await opts.mailbox.get(decodeSegment(match[1]));
        if (!email) throw resendError(404, "not_found", "Email not found");
        return sendJson(res, 200, emailView(email));
      }
      throw resendError(404, "not_found", "The requested endpoint does not exist.");
    },
  };
}
