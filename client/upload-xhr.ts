// Browser uploads with real progress: XMLHttpRequest reports bytes on the wire (upload
// `progress` events), which fetch cannot. Typed structurally, so the SDK still compiles without
// the DOM library and runs where there is no XMLHttpRequest (Node, workerd: fetch is used there).
import { CLIENT_ERROR, QChatError } from "./errors";
import type { TransferProgress } from "./upload-source";

interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: unknown): void;
  abort(): void;
  getResponseHeader(name: string): string | null;
  readonly status: number;
  readonly responseText: string;
  readonly upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}
type XhrConstructor = new () => XhrLike;

/** The platform's XMLHttpRequest, if there is one. */
export function platformXhr(): XhrConstructor | undefined {
  return (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
}

export interface XhrReply {
  status: number;
  text: string;
  retryAfter: string | null;
}

/** Resolves with any reply (the caller reads the status); rejects with NETWORK_ERROR or ABORTED. */
export function sendWithXhr(
  Xhr: XhrConstructor,
  req: { method: string; url: string; headers: Record<string, string>; body: unknown; total: number; signal?: AbortSignal },
  onProgress: (p: TransferProgress) => void,
): Promise<XhrReply> {
  return new Promise((resolve, reject) => {
    const xhr = new Xhr();
    xhr.open(req.method, req.url);
    for (const [name, value] of Object.entries(req.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress({ loaded: Math.min(event.loaded, req.total), total: req.total });
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, retryAfter: xhr.getResponseHeader("Retry-After") });
    const aborted = () => reject(new QChatError(CLIENT_ERROR.ABORTED, 0, `${req.method} ${req.url} aborted`));
    xhr.onerror = () => reject(new QChatError(CLIENT_ERROR.NETWORK_ERROR, 0, `${req.method} ${req.url} failed`));
    xhr.onabort = aborted;
    if (req.signal?.aborted) return aborted();
    req.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(req.body);
  });
}
