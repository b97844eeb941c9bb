// What a refused upload tells the person: what went wrong and what to do about it. The server's
// codes (protocol/errors.ts): 413 too big, 415 a type it does not take, 429 the daily quota.
import { FILE_MAX_BYTES_DEFAULT } from "../../protocol/files";
import { describeError } from "./dom";
import { ALLOWED_IN_WORDS, humanSize } from "./file-format";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** The limit the server named ("file over N bytes"), else the default one. */
function limitOf(message: string): number {
  const said = /(\d+) bytes/.exec(message)?.[1];
  return said ? Number(said) : FILE_MAX_BYTES_DEFAULT;
}

export function tooBigText(name: string, limit: number): string {
  return `“${name}” is too big to send: files can be up to ${humanSize(limit)}.`;
}

export function uploadErrorText(name: string, err: unknown, now = Date.now()): string {
  const e = err as { code?: string; message?: string; retryAfter?: number };
  switch (e.code) {
    case "PAYLOAD_TOO_LARGE":
      return tooBigText(name, limitOf(e.message ?? ""));
    case "FILE_TYPE_NOT_ALLOWED":
      return `“${name}” was not sent: QChat takes ${ALLOWED_IN_WORDS}.`;
    case "FILE_QUOTA_EXCEEDED": {
      const at = e.retryAfter ? ` at ${timeFormat.format(new Date(now + e.retryAfter * 1000))}` : " at midnight UTC";
      return `“${name}” was not sent: you have used today's upload allowance. It resets${at}.`;
    }
    case "RATE_LIMITED":
      return `“${name}” was not sent: too many uploads at once. Try again in a minute.`;
    default:
      return `“${name}” was not sent: ${describeError(err)}`;
  }
}
