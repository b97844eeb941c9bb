// Message search by its contract (protocol/search.ts), until the SDK's searchMessages
// (client/http-search.ts) lands; errors are the SDK's QChatError, from the same envelope.
import { CLIENT_ERROR, errorFromReply, QChatError, type HttpClient } from "../../client";
import type { MessageSearchReply } from "../../protocol/search";
import { API_BASE } from "./config";

async function call(http: HttpClient, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = http.getToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(new URL(path, API_BASE), { ...init, headers });
  } catch (err) {
    throw new QChatError(CLIENT_ERROR.NETWORK_ERROR, 0, `${path} failed: ${String(err)}`, { cause: err });
  }
  if (!res.ok) throw errorFromReply(res.status, await res.text(), res.headers.get("Retry-After"));
  return res;
}

/** `GET /v1/search/messages?q=`: newest first; `cursor` is the previous page's nextCursor. */
export async function searchMessages(
  http: HttpClient,
  q: string,
  page: { cursor?: string; limit?: number } = {},
): Promise<MessageSearchReply> {
  const query = new URLSearchParams({ q });
  if (page.cursor) query.set("cursor", page.cursor);
  if (page.limit) query.set("limit", String(page.limit));
  return (await call(http, `/v1/search/messages?${query}`)).json() as Promise<MessageSearchReply>;
}
