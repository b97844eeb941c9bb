// The HTTP transport under the SDK's client: `api` is hc<AppType> (hono/client), which builds each
// request from the routes' own types (client/app-type.d.ts), so a route renamed on the server is a
// compile error here and in every caller. This module adds the bearer token and turns every
// failure into a QChatError: no reply (NETWORK_ERROR, ABORTED), an error envelope (its code,
// status and retryAfter), a reply that is not JSON (INVALID_RESPONSE).
import { hc, type ClientResponse } from "hono/client";
import type { ResponseFormat } from "hono/types";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { AppType } from "./app-type";
import { CLIENT_ERROR, errorFromReply, QChatError } from "./errors";

/** The subset of `fetch` the client needs; pass `(url, init) => SELF.fetch(url, init)` in workerd tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The routes as hc types them: `api.v1.friends[":id"].$patch({ param, json })` and so on. */
export type Api = ReturnType<typeof hc<AppType>>;

type AnyReply = ClientResponse<unknown, number, ResponseFormat>;

/** A route's 2xx JSON body, as the route declares it (its error replies are thrown, never returned). */
export type ReplyOf<R> = R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatusCode ? T : never) : never;

export interface HttpTransport {
  readonly api: Api;
  /** The reply of an `api` call once it is 2xx (unread); otherwise the error envelope as a QChatError. */
  ok<R extends AnyReply>(call: Promise<R>): Promise<R>;
  /** The 2xx JSON body of an `api` call, typed by its route. */
  json<R extends AnyReply>(call: Promise<R>): Promise<ReplyOf<R>>;
  /** The absolute URL of a path the server answered with (relative to the base URL, prefix kept). */
  url(path: string): string;
  /** The caller's own fetch, when one was given (uploads then never use XMLHttpRequest). */
  readonly customFetch: FetchLike | undefined;
  setToken(token: string | undefined): void;
  getToken(): string | undefined;
}

/** "GET /api/v1/me": how errors name a request (its path, without origin or query). */
const requestName = (method: string | undefined, url: string) => `${method ?? "GET"} ${url.replace(/^\w+:\/\/[^/]*/, "").split("?")[0]}`;

/**
 * hono/client hands over a Headers object (lower-case names); the caller's fetch gets a plain
 * record with the usual names ("Content-Length"), as before the client was typed.
 */
function plainHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const usual = (name: string) => name.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase());
  return Object.fromEntries([...new Headers(headers)].map(([name, value]) => [usual(name), value]));
}

export function createTransport(opts: { baseUrl: string; fetch?: FetchLike; token?: string }): HttpTransport {
  // Call the global through a closure: a detached `fetch` reference throws "Illegal invocation"
  // in browsers and workerd.
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => globalThis.fetch(url, init));
  let token = opts.token;
  /** Which request each reply answers, for the errors `json` raises. */
  const requests = new WeakMap<object, string>();

  async function send(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = input instanceof Request ? input.url : String(input);
    const request = requestName(init.method, url);
    const sent: RequestInit & { duplex?: "half" } = { ...init, headers: plainHeaders(init.headers) };
    // Streamed request bodies (uploads) need duplex "half" (Node 20's fetch and browsers require it).
    if (init.body instanceof ReadableStream) sent.duplex = "half";
    try {
      const res = await doFetch(url, sent);
      requests.set(res, request);
      return res;
    } catch (err) {
      if (init.signal?.aborted) throw new QChatError(CLIENT_ERROR.ABORTED, 0, `${request} aborted`, { cause: err });
      throw new QChatError(CLIENT_ERROR.NETWORK_ERROR, 0, `${request} failed: ${String(err)}`, { cause: err });
    }
  }

  const api = hc<AppType>(opts.baseUrl, {
    fetch: send,
    headers: (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),
  });

  async function ok<R extends AnyReply>(call: Promise<R>): Promise<R> {
    const res = await call;
    if (!res.ok) throw errorFromReply(res.status, await res.text(), res.headers.get("Retry-After"));
    return res;
  }

  async function json<R extends AnyReply>(call: Promise<R>): Promise<ReplyOf<R>> {
    const res = await ok(call);
    const text = await res.text();
    try {
      return JSON.parse(text) as ReplyOf<R>;
    } catch (err) {
      const request = requests.get(res) ?? "request";
      throw new QChatError(CLIENT_ERROR.INVALID_RESPONSE, res.status, `${request}: reply is not JSON`, { cause: err });
    }
  }

  const base = opts.baseUrl.endsWith("/") ? opts.baseUrl : `${opts.baseUrl}/`;
  return {
    api,
    ok,
    json,
    // Relative ("v1/files/..."), so a base URL with a path prefix keeps it.
    url: (path) => new URL(path.replace(/^\//, ""), base).toString(),
    customFetch: opts.fetch,
    setToken: (next) => void (token = next),
    getToken: () => token,
  };
}
