// Local paths for files: where a download is saved (never over an existing file unless -o names
// it, never outside the folder because of a name the sender chose), and what to say when a
// file to send cannot be read.
import { stat } from "node:fs/promises";
import { basename, join } from "node:path";

/** A name someone else chose, made safe as one file name in a folder. */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, "/"))
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_")
    .replace(/^\.+/, "")
    .trim();
  return cleaned.slice(0, 200) || "download";
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * `-o` as given (a folder: the file's name inside it); otherwise the file's name in the current
 * folder, with " (1)", " (2)"... before the extension when that name is taken.
 */
export async function savePath(output: string | undefined, name: string): Promise<string> {
  const safe = safeFileName(name);
  if (output) {
    const isDir = await stat(output).then(
      (s) => s.isDirectory(),
      () => false,
    );
    return isDir ? join(output, safe) : output;
  }
  const dot = safe.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ""];
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? safe : `${stem} (${n})${ext}`;
    if (!(await exists(candidate))) return candidate;
  }
}

/** Why a file to send cannot be used, in words. */
export function localFileProblem(path: string, err: unknown): string {
  const code = (err as { code?: string } | null)?.code;
  if (code === "ENOENT") return `no such file: ${path}`;
  if (code === "EACCES" || code === "EPERM") return `cannot read ${path}: permission denied`;
  if (code === "ENOTFILE" || code === "EISDIR") return `${path} is not a file (folders cannot be sent; zip them first)`;
  return `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`;
}
