// The /v1/files routes of the typed HTTP client: upload (raw bytes, with progress), download
// (a stream, with Range), and signed URLs for `<img src>`. Paths and queries come from the typed
// routes (hc); the upload body is ours (a counted stream, or XMLHttpRequest in browsers for its
// progress events). Errors are QChatError with the server's code: PAYLOAD_TOO_LARGE (413),
// FILE_TYPE_NOT_ALLOWED (415), FILE_QUOTA_EXCEEDED (429, with retryAfter), FILE_NOT_FOUND (404).
import type { StoredFile, UploadReply } from "../protocol/files";
import { CLIENT_ERROR, errorFromReply, QChatError } from "./errors";
import { segment } from "./http-params";
import type { HttpTransport } from "./http-request";
import { contentDispositionName, totalFromContentRange } from "./content-headers";
import { countingStream, isSizedStream, sourceName, sourceSize, type TransferProgress, type UploadSource } from "./upload-source";
import { platformXhr, sendWithXhr } from "./upload-xhr";

export interface UploadOptions {
  /** The file's name as others see it; default: a File's own name. */
  name?: string;
  /** This upload is a downscaled image of the caller's file with this id (its preview). */
  thumbnailOf?: string;
  /** Called as bytes go out, never backwards, last with `loaded === total` on success. */
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
}

/** Whose conversation a file is seen through: a peer's uid or a group id (`?in=`). */
export type FileContext = number | string;

export interface DownloadOptions {
  /**
   * The conversation whose message carries the file: lets a participant download it before the
   * server has linked the message to the file (right after the message event arrives).
   */
  in?: FileContext;
  /** Bytes `start` to `end` (inclusive; open-ended without `end`): the reply is 206. */
  range?: { start: number; end?: number };
  /** Called as the body is read (`total`: the reply's length, 0 when unknown). */
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadedFile {
  /** 200, or 206 for an honoured Range. */
  status: number;
  /** The bytes; read it once (pipe it to a file, or `new Response(body).blob()`). */
  body: ReadableStream<Uint8Array>;
  /** Bytes in this reply (Content-Length), undefined when the server did not say. */
  size: number | undefined;
  /** The whole file's size: from Content-Range on a 206, else `size`. */
  totalSize: number | undefined;
  mime: string;
  /** The name from Content-Disposition, when given (inline images may have none). */
  name: string | undefined;
}

export interface SignedUrl {
  /** Absolute: usable as `<img src>` or a link until `expiresAt`, no token needed. */
  url: string;
  expiresAt: string;
}

/** Reports only forward steps (a repeated or smaller count is dropped). */
function forwardOnly(report: ((p: TransferProgress) => void) | undefined) {
  let last = -1;
  return {
    report: (p: TransferProgress) => {
      if (p.loaded <= last) return;
      last = p.loaded;
      report?.(p);
    },
  };
}

function parseUpload(status: number, text: string): StoredFile {
  try {
    const reply = JSON.parse(text) as UploadReply;
    if (typeof reply.file?.id === "string") return reply.file;
  } catch {
    // reported below
  }
  throw new QChatError(CLIENT_ERROR.INVALID_RESPONSE, status, "POST v1/files: the reply is not {file}");
}

export function fileRoutes(t: HttpTransport) {
  const files = t.api.v1.files;
  /** `?in=` as text; a peer's uid or a group id. */
  const within = (context: FileContext | undefined) => (context === undefined ? undefined : String(context));

  async function uploadFile(source: UploadSource, opts: UploadOptions = {}): Promise<StoredFile> {
    const name = opts.name ?? sourceName(source);
    if (!name) throw new QChatError(CLIENT_ERROR.BAD_SOURCE, 0, "uploadFile needs a name (options.name) unless the source is a File");
    const total = sourceSize(source);
    const progress = forwardOnly(opts.onProgress);
    const query = { name, thumbnailOf: opts.thumbnailOf };
    const headers = { "Content-Type": "application/octet-stream", Accept: "application/json" };
    const Xhr = t.customFetch ? undefined : platformXhr();
    let file: StoredFile;
    if (opts.onProgress && Xhr && !isSizedStream(source)) {
      // A browser: XMLHttpRequest counts bytes on the wire (and sets Content-Length itself).
      const auth = t.getToken();
      const withAuth = auth ? { ...headers, Authorization: `Bearer ${auth}` } : headers;
      const url = files.$url({ query }).toString();
      const request = { method: "POST", url, headers: withAuth, body: source, total, signal: opts.signal };
      const reply = await sendWithXhr(Xhr, request, progress.report);
      if (reply.status < 200 || reply.status >= 300) throw errorFromReply(reply.status, reply.text, reply.retryAfter);
      file = parseUpload(reply.status, reply.text);
    } else {
      // fetch: a counted stream with an explicit Content-Length (Node, workerd), or the bytes as
      // they are when nobody asks for progress (fetch then sets the length itself).
      const counted = opts.onProgress || isSizedStream(source) ? countingStream(source, progress.report) : undefined;
      const body = counted?.stream ?? (source as BodyInit);
      const sized = counted ? { ...headers, "Content-Length": String(total) } : headers;
      try {
        // hc sends its own body only for json/form arguments: `init.body` is the upload's.
        const res = await t.ok(files.$post({ query }, { headers: sized, init: { body, signal: opts.signal } }));
        file = parseUpload(res.status, await res.text());
      } catch (err) {
        throw counted?.failure() ?? err;
      }
    }
    progress.report({ loaded: total, total }); // 100 % once stored, if the last step did not say so

    return file;
  }

  async function downloadFile(fileId: string, opts: DownloadOptions = {}): Promise<DownloadedFile> {
    const headers: Record<string, string> = {};
    if (opts.range) headers.Range = `bytes=${opts.range.start}-${opts.range.end ?? ""}`;
    const call = files[":id"].$get(
      { param: { id: segment(fileId) }, query: { in: within(opts.in) } },
      { headers, init: { signal: opts.signal } },
    );
    const res = await t.ok(call);
    const length = res.headers.get("Content-Length");
    const size = length === null ? undefined : Number(length);
    const totalSize = res.status === 206 ? (totalFromContentRange(res.headers.get("Content-Range")) ?? size) : size;
    const raw = res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    const body = opts.onProgress ? countReads(raw, size ?? 0, forwardOnly(opts.onProgress).report) : raw;
    return {
      status: res.status,
      body,
      size,
      totalSize,
      mime: res.headers.get("Content-Type") ?? "application/octet-stream",
      name: contentDispositionName(res.headers.get("Content-Disposition")),
    };
  }

  return {
    /** `POST /v1/files`: streams the bytes up and resolves with the stored file (id, sha256, size...). */
    uploadFile,
    /** `GET /v1/files/:id`: the uploader, or a participant of a conversation whose message carries it. */
    downloadFile,
    /** `GET /v1/files/:id/url`: a short-lived signed URL (about 5 minutes) for `<img src>` and links. */
    fileUrl: async (fileId: string, opts: { in?: FileContext } = {}): Promise<SignedUrl> => {
      const reply = await t.json(files[":id"].url.$get({ param: { id: segment(fileId) }, query: { in: within(opts.in) } }));
      return { url: t.url(reply.url), expiresAt: reply.expiresAt };
    },
  };
}

/** The body, reporting bytes read so far against `total`. */
function countReads(body: ReadableStream<Uint8Array>, total: number, report: (p: TransferProgress) => void): ReadableStream<Uint8Array> {
  let loaded = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        controller.enqueue(chunk);
        report({ loaded, total: Math.max(total, loaded) });
      },
    }),
  );
}
