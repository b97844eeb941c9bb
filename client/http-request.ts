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

export interface HttpTransport {
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<T>;
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

  async function request<T>(method: string, path: string, { body, query }: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    // Paths are relative ("v1/me") so a baseUrl with a path prefix is kept.
    const url = buildUrl(opts.baseUrl, path.replace(/^\//, ""), query);
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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
    setToken: (next) => void (token = next),
    getToken: () => token,
  };
}
