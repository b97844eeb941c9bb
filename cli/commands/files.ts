// `send-file <friend|group> <path> [--caption text]` and `download <fileId> [--in <friend|group>]
// [-o path]`: files from the command line, with a progress bar on stderr. send-file uploads, then
// sends the message on a socket of its own (an ephemeral device, so a running `chat` on this
// machine keeps its place); download streams to disk, never holding the file in memory.
import { createWriteStream } from "node:fs";
import { stat, unlink } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { connectChat, type OpenSocket } from "../../client";
import { openSession } from "../auth";
import type { Context } from "../context";
import { CliError, EXIT } from "../errors";
import { messageText } from "../format";
import { openNodeFile } from "../node-file";
import { openNodeSocket } from "../node-socket";
import { createProgressBar, formatBytes, type ProgressOutput } from "../progress";
import { resolveContext, resolveTarget } from "../targets";
import { localFileProblem, savePath } from "./file-paths";
import { needArg } from "./friends";

/** What the commands talk through; tests pass a fake socket and a recorded stderr. */
export interface FileCommandIo {
  openSocket?: OpenSocket;
  progress?: ProgressOutput;
}

export async function sendFileCommand(ctx: Context, io: FileCommandIo = {}): Promise<void> {
  const who = needArg(ctx, 0, "send-file <friend | group> <path> [--caption text]");
  const path = needArg(ctx, 1, "send-file <friend | group> <path> [--caption text]");
  const info = await stat(path).catch((err: unknown) => {
    throw new CliError(localFileProblem(path, err), EXIT.USAGE);
  });
  if (!info.isFile()) throw new CliError(localFileProblem(path, { code: "ENOTFILE" }), EXIT.USAGE);
  const session = openSession(ctx);
  const target = await session.call((http) => resolveTarget(http, who));
  const bar = createProgressBar(io.progress);
  // Opened inside the call: a retry after a token refresh needs a fresh stream.
  const file = await session
    .call(async (http) => {
      const source = await openNodeFile(path);
      return http.uploadFile(source, { name: source.name, onProgress: bar.update });
    })
    .finally(() => bar.done());

  const conn = await connectChat({
    url: session.session.chatUrl,
    token: await session.freshToken(),
    openSocket: io.openSocket ?? openNodeSocket,
  });
  try {
    const caption = ctx.flags.caption ?? "";
    const send = { fileId: file.id };
    const ack = target.kind === "peer" ? await conn.send(target.uid, caption, send) : await conn.sendToGroup(target.groupId, caption, send);
    ctx.out(`Sent ${messageText(caption, file)} to ${target.label} as #${ack.seq} (${formatBytes(info.size)}).`);
  } catch (err) {
    ctx.out(`Uploaded ${file.name} as ${file.id}, but the message was not sent: send it again with the same command.`);
    throw err;
  } finally {
    conn.close(1000, "sent");
  }
}

export async function download(ctx: Context, io: FileCommandIo = {}): Promise<void> {
  const fileId = needArg(ctx, 0, "download <file id> [--in <friend | group>] [-o path]");
  const session = openSession(ctx);
  const where = ctx.flags.in === undefined ? undefined : await session.call((http) => resolveContext(http, ctx.flags.in!));
  const bar = createProgressBar(io.progress);
  const reply = await session.call((http) => http.downloadFile(fileId, { in: where, onProgress: bar.update }));
  const toStdout = ctx.flags.output === "-";
  const path = toStdout ? undefined : await savePath(ctx.flags.output, reply.name ?? fileId);
  const body = Readable.fromWeb(reply.body as Parameters<typeof Readable.fromWeb>[0]);
  try {
    await pipeline(body, toStdout ? process.stdout : createWriteStream(path!, { flags: ctx.flags.output ? "w" : "wx" }));
  } catch (err) {
    if (path) await unlink(path).catch(() => {});
    throw new CliError(`download of ${fileId} failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    bar.done();
  }
  if (path) ctx.out(`Saved ${describe(reply.name ?? fileId, reply.size, reply.mime)} to ${path}`);
}

function describe(name: string, size: number | undefined, mime: string): string {
  return `${name} (${[size === undefined ? "" : formatBytes(size), mime.split(";")[0]].filter(Boolean).join(", ")})`;
}
