// The files half of the page's controller: uploads with their progress (a picture's thumbnail
// made in the browser and uploaded after it as its `thumbnailOf`), then the message that
// carries the file; refused uploads become a toast saying what to do; signed URLs for the views.
// Files dropped or picked together go out one after another, in order.
import { CLIENT_ERROR, type HttpClient, type StoredFile, type UploadOptions } from "../../client";
import { FILE_MAX_BYTES_DEFAULT, FILE_NAME_MAX } from "../../protocol/files";
import { createFileUrls } from "./file-urls";
import { isInlineImage } from "./file-format";
import type { ChatState } from "./state";
import { makeThumbnail } from "./thumbnail";
import { toast } from "./toast";
import { tooBigText, uploadErrorText } from "./upload-errors";

/** Where a file goes: a friend (uid) or a group (id). */
export type FileTarget = { peer: number } | { group: string };
export const targetKey = (t: FileTarget): string => ("peer" in t ? `peer:${t.peer}` : `group:${t.group}`);

/** One upload on its way, as the progress bar shows it. */
export interface Upload {
  id: string;
  /** targetKey() of the conversation it goes to. */
  target: string;
  name: string;
  loaded: number;
  total: number;
  cancel(): void;
}

export interface FilesDeps {
  state: ChatState;
  http: HttpClient;
  api: <T>(run: () => Promise<T>) => Promise<T>;
  changed: () => void;
  /** Sends the message that carries the stored file (empty body). */
  send(target: FileTarget, file: StoredFile): void;
}

export type FilesApp = ReturnType<typeof createFilesApp>;

const isAbort = (err: unknown) => (err as { code?: string }).code === CLIENT_ERROR.ABORTED;

export function createFilesApp({ state, http, api, changed, send }: FilesDeps) {
  const queues = new Map<string, Promise<void>>();
  const urls = createFileUrls(
    (fileId, context) => api(() => http.fileUrl(fileId, { in: context })),
    () => Date.now() + state.skewMs,
  );
  const upload = (data: Blob, opts: UploadOptions) => api(() => http.uploadFile(data, opts));

  /** Shown at once (queued behind others, it waits at 0 %); undefined when refused up front. */
  function enlist(target: FileTarget, file: File): { shown: Upload; signal: AbortSignal } | undefined {
    const name = file.name.trim().slice(0, FILE_NAME_MAX) || "file";
    if (file.size > FILE_MAX_BYTES_DEFAULT) return void toast(tooBigText(name, FILE_MAX_BYTES_DEFAULT), "error");
    if (file.size === 0) return void toast(`“${name}” is empty; nothing was sent.`, "error");
    const abort = new AbortController();
    const shown: Upload = {
      id: crypto.randomUUID(),
      target: targetKey(target),
      name,
      loaded: 0,
      total: file.size,
      cancel: () => abort.abort(),
    };
    state.uploads.set(shown.id, shown);
    return { shown, signal: abort.signal };
  }

  async function uploadOne(target: FileTarget, file: File, { shown, signal }: { shown: Upload; signal: AbortSignal }): Promise<void> {
    const { name } = shown;
    try {
      // The thumbnail is drawn while the original goes up.
      const thumbnail = makeThumbnail(file).catch(() => undefined);
      const onProgress = ({ loaded }: { loaded: number }) => ((shown.loaded = loaded), changed());
      let stored = await upload(file, { name, signal, onProgress });
      const small = isInlineImage(stored) ? await thumbnail : undefined;
      if (small) {
        // Without it the conversation shows the original: worth a try, not worth failing for.
        const name = `thumbnail of ${stored.name}`.slice(0, FILE_NAME_MAX);
        const thumb = await upload(small, { name, thumbnailOf: stored.id, signal }).catch(() => undefined);
        if (thumb) stored = { ...stored, thumbnailId: thumb.id };
      }
      // Cancelled while the thumbnail went up: the original stays unsent (the server deletes it).
      if (signal.aborted) return toast(`Upload of “${name}” cancelled.`);
      send(target, stored);
    } catch (err) {
      if (isAbort(err)) toast(`Upload of “${name}” cancelled.`);
      else toast(uploadErrorText(name, err), "error");
    } finally {
      state.uploads.delete(shown.id);
      changed();
    }
  }

  return {
    urls,
    /** Uploads and sends each file, in order, after any still going to the same conversation. */
    send(target: FileTarget, files: Iterable<File>): void {
      const key = targetKey(target);
      let queue = queues.get(key) ?? Promise.resolve();
      for (const file of files) {
        const entry = enlist(target, file);
        if (entry) queue = queue.then(() => uploadOne(target, file, entry));
      }
      queues.set(key, queue);
      changed();
      void queue.finally(() => queues.get(key) === queue && queues.delete(key));
    },
    /** Uploads going to this conversation now. */
    uploadsTo: (target: FileTarget): Upload[] => [...state.uploads.values()].filter((u) => u.target === targetKey(target)),
  };
}
