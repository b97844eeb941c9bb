// How a file looks on the page, as plain functions: its size in words, a short type label for
// the chip's icon, whether it shows inline as a picture, and a display size that keeps the
// picture's shape (reserved before it loads, so the conversation does not jump).
import { INLINE_IMAGE_TYPES, type StoredFile } from "../../protocol/files";

const UNITS = ["KB", "MB", "GB"];

/** `532 bytes`, `12 KB`, `3.4 MB`: one decimal below 10, none above. */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) ((value /= 1000), (unit += 1));
  return `${value < 10 ? value.toFixed(1).replace(/\.0$/, "") : Math.round(value)} ${UNITS[unit]}`;
}

/** A short label for the chip's icon (text, not an emoji: no emoji font is needed). */
export function typeLabel(mime: string): string {
  if (mime === "application/pdf") return "PDF";
  if (mime === "application/zip") return "ZIP";
  if (mime === "text/plain") return "TXT";
  if (mime.startsWith("audio/")) return "AUDIO";
  if (mime.startsWith("image/")) return "IMG";
  return "FILE";
}

export const isInlineImage = (file: Pick<StoredFile, "mime">): boolean => INLINE_IMAGE_TYPES.includes(file.mime);

/** What the server accepts, in words (protocol/files.ts ALLOWED_FILE_TYPES). */
export const ALLOWED_IN_WORDS = "images (PNG, JPEG, GIF, WebP), PDF, plain text, ZIP and audio (MP3, Ogg, WAV, M4A, WebM)";

/** The picture's size scaled down (never up) to fit a `box`-pixel square; undefined when unknown. */
export function fitInBox(
  width: number | undefined,
  height: number | undefined,
  box: number,
): { width: number; height: number } | undefined {
  if (!width || !height) return undefined;
  const scale = Math.min(1, box / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
