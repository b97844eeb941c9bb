// The type of an upload, decided from its first bytes (magic numbers), never from the name or
// the client's Content-Type: whatever a client claims, a file is served as what it is.
import type { FileType } from "../../protocol/files";

/** Bytes the sniffer looks at: enough for every signature and a fair sample of text. */
export const SNIFF_BYTES = 4096;

const ascii = (head: Uint8Array, offset: number, text: string) =>
  head.length >= offset + text.length && [...text].every((ch, i) => head[offset + i] === ch.charCodeAt(0));

const bytes = (head: Uint8Array, offset: number, expected: number[]) =>
  head.length >= offset + expected.length && expected.every((b, i) => head[offset + i] === b);

/** MP4 brands that mean audio (an .m4a and friends); video brands are not allowed. */
const AUDIO_MP4_BRANDS = ["M4A ", "M4B ", "M4P ", "F4A ", "F4B "];

/** An MPEG audio frame header: 11 sync bits, a defined version and a layer (not AAC's 00). */
function isMpegFrameSync(head: Uint8Array): boolean {
  if (head.length < 2 || head[0] !== 0xff || (head[1]! & 0xe0) !== 0xe0) return false;
  const version = (head[1]! >> 3) & 3;
  const layer = (head[1]! >> 1) & 3;
  return version !== 1 && layer !== 0;
}

/** Valid UTF-8 (a character cut at the end of the sample is fine) without NUL bytes. */
function isPlainText(head: Uint8Array): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The allowed type the first bytes say, or undefined (refused with 415). */
export function sniffFileType(head: Uint8Array): FileType | undefined {
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) return "image/gif";
  if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) return "image/webp";
  if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) return "audio/wav";
  if (ascii(head, 0, "%PDF-")) return "application/pdf";
  if (bytes(head, 0, [0x50, 0x4b, 0x03, 0x04])) return "application/zip";
  if (ascii(head, 0, "ID3") || isMpegFrameSync(head)) return "audio/mpeg";
  if (ascii(head, 0, "OggS")) return "audio/ogg";
  if (ascii(head, 4, "ftyp") && AUDIO_MP4_BRANDS.some((brand) => ascii(head, 8, brand))) return "audio/mp4";
  if (bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return "audio/webm";
  if (isPlainText(head)) return "text/plain";
  return undefined;
}
