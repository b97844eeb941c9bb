// A file on disk as an upload source for Node: its size up front (the server needs
// Content-Length to stream it to R2) and its bytes as a web stream, never read whole into memory.
// Not part of the browser SDK, like ./node-socket.ts.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import type { SizedStream } from "../client";

export interface NodeFile extends SizedStream {
  /** The file's base name, as the upload's default name. */
  name: string;
}

/** Rejects with Node's own error (ENOENT, EACCES...) or "not a file" for a directory. */
export async function openNodeFile(path: string): Promise<NodeFile> {
  const info = await stat(path);
  if (!info.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: "ENOTFILE" });
  const stream = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return { stream, size: info.size, name: basename(path) };
}
