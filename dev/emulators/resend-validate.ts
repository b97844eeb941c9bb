// Validates a Resend `POST /emails` body (snake_case, as the SDK sends it) into a mailbox record.
import { HttpError } from "./http";
import { bareAddress, type StoredEmail } from "./mailbox";

/** Resend's error body: the SDK hands it back unchanged as `{ error }`. */
export function resendError(statusCode: number, name: string, message: string): HttpError {
  return new HttpError(statusCode, { statusCode, name, message });
}

const MAX_RECIPIENTS = 50;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function isAddress(value: string): boolean {
  const trimmed = value.trim();
  const hasBrackets = /<[^<>]*>$/.test(trimmed);
  if (!hasBrackets && trimmed.includes("<")) return false;
  return ADDRESS.test(bareAddress(trimmed));
}

/** string | string[] -> string[]; undefined when the field is absent or the wrong type. */
function addressList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

function optionalList(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  const list = addressList(value);
  if (!list || !list.every(isAddress)) {
    throw resendError(
      422,
      "validation_error",
      `Invalid \`${field}\` field. Each address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
    );
  }
  return list;
}

function missing(field: string): HttpError {
  return resendError(422, "missing_required_field", `Missing \`${field}\` field.`);
}

function attachmentsOf(value: unknown): StoredEmail["attachments"] {
  if (!Array.isArray(value)) return [];
  return value.map((a: { filename?: unknown; content?: unknown }) => ({
    filename: typeof a?.filename === "string" ? a.filename : "attachment",
    size: typeof a?.content === "string" ? Buffer.from(a.content, "base64").length : 0,
  }));
}

function tagsOf(value: unknown): StoredEmail["tags"] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((t): t is { name: string; value: string } => typeof t?.name === "string" && typeof t?.value === "string")
    .map(({ name, value: v }) => ({ name, value: v }));
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Checks required fields in the order Resend reports them and normalises the rest. */
export function validateEmail(input: unknown, id: string): Omit<StoredEmail, "created_at"> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw resendError(422, "validation_error", "The request body must be a JSON object.");
  }
  const body = input as Record<string, unknown>;
  if (typeof body.from !== "string" || body.from.trim() === "") throw missing("from");
  if (!isAddress(body.from)) {
    throw resendError(
      422,
      "invalid_from_address",
      "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
    );
  }
  const to = addressList(body.to);
  if (!to || to.length === 0) throw missing("to");
  if (to.length > MAX_RECIPIENTS) throw resendError(422, "validation_error", `Too many recipients in \`to\` (max ${MAX_RECIPIENTS}).`);
  optionalList({ to }, "to");
  if (typeof body.subject !== "string") throw missing("subject");
  const html = typeof body.html === "string" ? body.html : null;
  const text = typeof body.text === "string" ? body.text : null;
  if (html === null && text === null) {
    throw resendError(422, "missing_required_field", "Missing `html` or `text` field.");
  }
  return {
    id,
    from: body.from,
    to,
    cc: optionalList(body, "cc"),
    bcc: optionalList(body, "bcc"),
    reply_to: optionalList(body, "reply_to"),
    subject: body.subject,
    html,
    text,
    headers: stringRecord(body.headers),
    tags: tagsOf(body.tags),
    attachments: attachmentsOf(body.attachments),
    scheduled_at: typeof body.scheduled_at === "string" ? body.scheduled_at : null,
  };
}
