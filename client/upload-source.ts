// What an upload reads from, and a stream over it that counts the bytes as the request pulls
// them: fetch has no upload progress, so the count of bytes handed to it stands in for it.
import { CLIENT_ERROR, QChatError } from "./errors";

/** A stream whose length is known up front (the server needs Content-Length to stream to R2). */
export interface SizedStream {
  stream: ReadableStream<Uint8Array>;
  size: number;
}

/**
 * What `uploadFile` takes: a Blob or File (browsers), bytes (a Node Buffer is a Uint8Array), or
 * a sized stream (Node: `openNodeFile(path)` from cli/node-file.ts).
 */
export type UploadSource = Blob | ArrayBuffer | ArrayBufferView | SizedStream;

/** Bytes handed over so far out of `total`; reported as the upload goes, ending at `total`. */
export interface TransferProgress {
  loaded: number;
  total: number;
}

/** Chunk size for sources in memory: small enough for a smooth progress bar. */
const CHUNK_BYTES = 64 * 1024;

export function isSizedStream(source: UploadSource): source is SizedStream {
  return typeof (source as SizedStream).size === "number" && (source as SizedStream).stream instanceof ReadableStream;
}

export function sourceSize(source: UploadSource): number {
  if (isSizedStream(source)) return source.size;
  if (source instanceof Blob) return source.size;
  return source.byteLength;
}

/** The source's own name, when it is a File. */
export function sourceName(source: UploadSource): string | undefined {
  const name = (source as { name?: unknown }).name;
  return typeof name === "string" && name ? name : undefined;
}

function bytesOf(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  return source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
}

function readerOf(source: UploadSource): ReadableStreamDefaultReader<Uint8Array> {
  if (isSizedStream(source)) return source.stream.getReader();
  if (source instanceof Blob) return (source.stream() as ReadableStream<Uint8Array>).getReader();
  const bytes = bytesOf(source);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  }).getReader();
}

/**
 * The source as a stream that calls `onProgress` for each chunk the consumer pulls. Nothing is
 * read ahead (high-water mark 0), so the count follows the request. A stream that ends short of
 * or runs past its size errors: the server would cut it off at Content-Length anyway.
 */
export function countingStream(
  source: UploadSource,
  onProgress: (p: TransferProgress) => void,
): { stream: ReadableStream<Uint8Array>; failure: () => QChatError | undefined } {
  const total = sourceSize(source);
  const reader = readerOf(source);
  let loaded = 0;
  let rest: Uint8Array = new Uint8Array(0);
  let failure: QChatError | undefined;
  // fetch reports a body error as its own TypeError: keep ours for the caller.
  const mismatch = (what: string) =>
    (failure = new QChatError(CLIENT_ERROR.BAD_SOURCE, 0, `the upload source ${what} (its size says ${total} bytes)`));
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (rest.byteLength === 0) {
          const { done, value } = await reader.read();
          if (done) return loaded === total ? controller.close() : controller.error(mismatch(`ended after ${loaded} bytes`));
          rest = value;
        }
        // Big chunks (a whole Buffer) go out in pieces, so progress moves smoothly.
        const piece = rest.subarray(0, CHUNK_BYTES);
        rest = rest.subarray(piece.byteLength);
        loaded += piece.byteLength;
        if (loaded > total) return controller.error(mismatch("is longer than its size"));
        controller.enqueue(piece);
        onProgress({ loaded, total });
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { stream, failure: () => failure };
}
