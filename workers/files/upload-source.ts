// The start of an upload: reads just enough of the body to sniff its type, then hands back the
// type and every chunk (the sniffed ones first) to stream on. The body is never read whole.
import type { FileType } from "../../protocol/files";
import { ApiError } from "../errors";
import { SNIFF_BYTES, sniffFileType } from "./sniff";

export interface UploadSource {
  mime: FileType;
  /** The body's chunks in order, the sniffed head included. */
  chunks: AsyncIterable<Uint8Array>;
  /** Stops reading the body (after a refusal). */
  cancel(): Promise<void>;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export async function openUpload(body: ReadableStream<Uint8Array> | null): Promise<UploadSource> {
  if (!body) throw new ApiError("FILE_TYPE_NOT_ALLOWED", "an empty file has no type; nothing was stored");
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    head.push(value);
    headBytes += value.length;
  }
  const mime = sniffFileType(concat(head, headBytes).subarray(0, SNIFF_BYTES));
  if (!mime) {
    await reader.cancel().catch(() => {});
    throw new ApiError(
      "FILE_TYPE_NOT_ALLOWED",
      "the content is not an allowed type (PNG, JPEG, GIF, WebP, PDF, plain text, ZIP, MP3, OGG, WAV, M4A, WebM)",
    );
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield* head;
    if (ended) return;
    for (;;) {
      const { done, value } = await reader.read().catch((err: unknown) => {
        // The client went away or broke the body: its fault, not a server error.
        throw new ApiError("VALIDATION_FAILED", "the upload's body broke off before its end", { cause: err });
      });
      if (done) return;
      yield value;
    }
  }
  return { mime, chunks: chunks(), cancel: () => reader.cancel().catch(() => {}) };
}
