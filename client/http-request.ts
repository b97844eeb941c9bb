// The HTTP transport under the typed client: one JSON request function that adds the bearer
// token, encodes query strings and turns every failure into a QChatError.
import { CLIENT_ERROR, errorFromReply, QChatError } from "./errors";

/** The subset of `fetch` the client needs; pass `(url, init) => SELF.fetch(url, init)` in workerd tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
}

export interface RawRequestOptions {
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as is (a Blob, bytes or a stream); a stream needs `duplex: "half"` (added here). */
  body?: BodyInit;
  signal?: AbortSignal;
}

export interface HttpTransport {
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<T>;
  /** Any body, any reply: resolves with the 2xx Response unread; errors as in `request`. */
  raw(method: string, path: string, opts?: RawRequestOptions): Promise<Response>;
  /** The absolute URL of an API path (relative to the base URL, prefix kept). */
  url(path: string, query?: Record<string, QueryValue>): string;
  /** The caller's own fetch, when one was given (uploads then never use XMLHttpRequest). */
  readonly customFetch: FetchLike | undefined;
  setToken(token: string | undefined): void;
  getToken(): string | undefined;
}

function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): string {
  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export function createTransport(opts: { baseUrl: string; fetch?: FetchLike; token?: string }): HttpTransport {
  // Call the global through a closure: a detached `fetch` reference throws "Illegal invocation"
  // in browsers and workerd.
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => globalThis.fetch(url, init));
  let token = opts.token;

  const url = (path: string, query?: Record<string, QueryValue>) => buildUrl(opts.baseUrl, path.replace(/^\//, ""), query);

  async function raw(method: string, path: string, { query, headers = {}, body, signal }: RawRequestOptions = {}): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (token) all.Authorization = `Bearer ${token}`;
    // Streamed request bodies need duplex "half" (Node 20's fetch and browsers require it).
    const init: RequestInit & { duplex?: "half" } = { method, headers: all, body, signal };
    if (body instanceof ReadableStream) init.duplex = "half";
    let res: Response;
    try {
      res = await doFetch(url(path, query), init);
    } catch (err) {
      if (signal?.aborted) throw new QChatError(CLIENT_ERROR.ABORTED, 0, `${method} ${path} aborted`, { cause: err });
      throw new QChatError(CLIENT_ERROR.NETWORK_ERROR, 0, `${method} ${path} failed: ${String(err)}`, { cause: err });
    }
    if (!res.ok) throw errorFromReply(res.status, await res.text(), res.headers.get("Retry-After"));
    return res;
  }

  async function request<T>(method: string, path: string, { body, query }: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    // Paths are relative ("v1/me") so a baseUrl with a path prefix is kept.
    let res: Response;
    try {
      res = await doFetch(url(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new QChatError(CLIENT_ERROR.NETWORK_ERROR, 0, `${method} ${path} failed: ${String(err)}`, { cause: err });
    }
    const text = await res.text();
    if (!res.ok) throw errorFromReply(res.status, text, res.headers.get("Retry-After"));
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new QChatError(CLIENT_ERROR.INVALID_RESPONSE, res.status, `${method} ${path}: reply is not JSON`, { cause: err });
    }
  }

  return {
    request,
    raw,
    url,
    customFetch: opts.fetch,
    setToken: (next) => void (token = next),
    getToken: () => token,
  };
}
