// Routes whose SDK methods are being built in this same round (message search, account export and
// deletion, users by id): called here by their contracts (protocol/search.ts, protocol/account.ts)
// until client/http-search.ts and client/http-account.ts land; then these become one-line calls.
// Errors are the SDK's QChatError, from the same envelope.
import { CLIENT_ERROR, errorFromReply, QChatError, type HttpClient } from "../../client";
import type { AccountExport, DeleteAccountReply, UserLookupReply } from "../../protocol/account";
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

/** `GET /v1/me/export`: everything QChat keeps about me, as the JSON text of the download. */
export async function exportAccount(http: HttpClient): Promise<{ text: string; data: AccountExport }> {
  const text = await (await call(http, "/v1/me/export")).text();
  return { text, data: JSON.parse(text) as AccountExport };
}

/** `POST /v1/me/delete {password}`: after it every token of mine is refused. */
export async function deleteAccount(http: HttpClient, password: string): Promise<DeleteAccountReply> {
  const res = await call(http, "/v1/me/delete", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password }),
  });
  return res.json() as Promise<DeleteAccountReply>;
}

/** `GET /v1/users?ids=`: public profiles, and which of the ids are deleted accounts. */
export async function lookupUsers(http: HttpClient, ids: number[]): Promise<UserLookupReply> {
  return (await call(http, `/v1/users?ids=${ids.join(",")}`)).json() as Promise<UserLookupReply>;
}
