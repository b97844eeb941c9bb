// What to do when the server refuses a file: the size limit, the allowed types, when the daily
// quota resets, or how to name the conversation a file came in.
import { CLI } from "./errors";
import { ALLOWED_FILE_TYPES, FILE_MAX_BYTES_DEFAULT, QChatError } from "../client";
import { formatBytes } from "./progress";

/** Short names of the allowed types, as people know them. */
const TYPE_NAMES: Record<(typeof ALLOWED_FILE_TYPES)[number], string> = {
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/gif": "GIF",
  "image/webp": "WebP",
  "application/pdf": "PDF",
  "text/plain": "plain text",
  "application/zip": "ZIP",
  "audio/mpeg": "MP3",
  "audio/ogg": "Ogg",
  "audio/wav": "WAV",
  "audio/mp4": "M4A",
  "audio/webm": "WebM audio",
};

export const ALLOWED_TYPES_TEXT = ALLOWED_FILE_TYPES.map((t) => TYPE_NAMES[t]).join(", ");

/** "at 00:00 UTC (in 5 h 12 min)": when a wait of `seconds` ends, from `now`. */
export function whenReset(seconds: number, now = Date.now()): string {
  const at = new Date(now + seconds * 1000).toISOString().slice(11, 16);
  const minutes = Math.ceil(seconds / 60);
  const wait = minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `at ${at} UTC (in ${wait})`;
}

/** Advice for a file refusal, or undefined for other errors. */
export function fileAdvice(err: unknown, now = Date.now()): string | undefined {
  if (!(err instanceof QChatError)) return undefined;
  switch (err.code) {
    case "PAYLOAD_TOO_LARGE":
      return `the file is too big for this server (${err.message}; the default limit is ${formatBytes(FILE_MAX_BYTES_DEFAULT)}): send a smaller file, or compress it.`;
    case "FILE_TYPE_NOT_ALLOWED":
      return `this type of file is not accepted (${err.message}); allowed: ${ALLOWED_TYPES_TEXT}. The type is read from the file's first bytes, not its name.`;
    case "FILE_QUOTA_EXCEEDED":
      return `you have used up today's upload quota; it resets ${err.retryAfter !== undefined ? whenReset(err.retryAfter, now) : "at 00:00 UTC"}.`;
    case "FILE_NOT_FOUND":
      return `no such file, or not one you may see. A file from a message: add --in <friend|group> (the conversation it came in), e.g. \`${CLI} download <id> --in bob\`.`;
    default:
      return undefined;
  }
}
