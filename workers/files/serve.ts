// A file's bytes as an HTTP response that a browser cannot be tricked into running: the sniffed
// type with nosniff, `attachment` for all but plain images, a sandboxing CSP; Range and ETag.
import { INLINE_IMAGE_TYPES, type FileType } from "../../protocol/files";
import type { FileRow } from "../../schema";
import { ApiError } from "../errors";
import { parseRange } from "./range";

/** Nothing in a file response may run, load or be framed; it is a document of its own origin. */
export const FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** RFC 8187 value: percent-encoded UTF-8, also escaping what attr-char leaves out. */
const encodeFilename = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

export function contentDisposition(mime: string, name: string): string {
  const disposition = INLINE_IMAGE_TYPES.includes(mime as FileType) ? "inline" : "attachment";
  return `${disposition}; filename*=UTF-8''${encodeFilename(name)}`;
}

function fileHeaders(file: FileRow, maxAgeSeconds: number): Headers {
  return new Headers({
    "Content-Type": file.mime === "text/plain" ? "text/plain; charset=utf-8" : file.mime,
    "Content-Disposition": contentDisposition(file.mime, file.name),
    ETag: `"${file.sha256}"`,
    "Accept-Ranges": "bytes",
    "Cache-Control": `private, max-age=${maxAgeSeconds}`,
    // A browser shared by two accounts must not answer one from the other's cached download.
    Vary: "Authorization",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": FILE_CSP,
    // A signed URL may be embedded by the web page on a sibling origin; never by another site.
    "Cross-Origin-Resource-Policy": "same-site",
  });
}

export interface ServeRequest {
  range?: string;
  ifNoneMatch?: string;
}

export async function serveFile(bucket: R2Bucket, file: FileRow, req: ServeRequest, maxAgeSeconds: number): Promise<Response> {
  const headers = fileHeaders(file, maxAgeSeconds);
  if (req.ifNoneMatch?.split(",").some((tag) => tag.trim() === headers.get("ETag"))) {
    return new Response(null, { status: 304, headers });
  }
  const range = parseRange(req.range, file.size);
  if (range.kind === "unsatisfiable") {
    const error = new ApiError("RANGE_NOT_SATISFIABLE", `the file has ${file.size} bytes`);
    return Response.json(error.body(), { status: 416, headers: { "Content-Range": `bytes */${file.size}` } });
  }
  const object = await bucket.get(file.id, range.kind === "partial" ? { range: { offset: range.offset, length: range.length } } : {});
  // The row says the bytes exist but R2 has none: as good as deleted.
  if (!object) throw new ApiError("FILE_NOT_FOUND", "no such file");
  if (range.kind === "partial") {
    headers.set("Content-Range", `bytes ${range.offset}-${range.offset + range.length - 1}/${file.size}`);
    headers.set("Content-Length", String(range.length));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set("Content-Length", String(file.size));
  return new Response(object.body, { status: 200, headers });
}
