// `/send-file <path> [caption]` inside `chat` and `group chat`: reads the path (quoted when it has
// spaces), uploads the file with progress lines in the conversation (a redrawn bar would tangle
// with the prompt), and hands back the stored file for the session to send. Refusals print
// what to do, and the session carries on.
import { stat } from "node:fs/promises";
import type { StoredFile } from "../../client";
import type { Authed } from "../auth";
import { localFileProblem } from "../commands/file-paths";
import { fileAdvice } from "../file-errors";
import { openNodeFile } from "../node-file";
import { createProgressBar, formatBytes } from "../progress";
import type { Terminal } from "./terminal";

export const SEND_FILE_USAGE = '/send-file <path> [caption] (quote a path with spaces: /send-file "my cat.png" look)';

/** `"my cat.png" look` -> path and caption; undefined when no path was given. */
export function splitPathAndCaption(rest: string): { path: string; caption: string } | undefined {
  const text = rest.trim();
  const quote = text[0] === '"' || text[0] === "'" ? text[0] : undefined;
  const end = quote ? text.indexOf(quote, 1) : text.search(/\s/);
  const path = quote ? text.slice(1, end < 0 ? undefined : end) : text.slice(0, end < 0 ? undefined : end);
  const caption = end < 0 ? "" : text.slice(end + 1).trim();
  return path ? { path, caption } : undefined;
}

/** Uploads the file named in `rest`; prints why not and resolves undefined when it cannot. */
export async function uploadFromChat(
  rest: string,
  term: Pick<Terminal, "print">,
  session: Pick<Authed, "call">,
): Promise<{ file: StoredFile; caption: string } | undefined> {
  const parts = splitPathAndCaption(rest);
  if (!parts) return void term.print(`Usage: ${SEND_FILE_USAGE}`);
  const info = await stat(parts.path).catch((err: unknown) => void term.print(`! not sent: ${localFileProblem(parts.path, err)}`));
  if (!info) return undefined;
  if (!info.isFile()) return void term.print(`! not sent: ${localFileProblem(parts.path, { code: "ENOTFILE" })}`);
  term.print(`Uploading ${parts.path} (${formatBytes(info.size)})…`);
  const bar = createProgressBar({ isTTY: false, write: (text) => term.print(`  ${text.trimEnd()}`) });
  try {
    const file = await session.call(async (http) => {
      const source = await openNodeFile(parts.path);
      return http.uploadFile(source, { name: source.name, onProgress: bar.update });
    });
    bar.done();
    return { file, caption: parts.caption };
  } catch (err) {
    term.print(`! not sent: ${fileAdvice(err) ?? (err instanceof Error ? err.message : String(err))}`);
    return undefined;
  }
}
