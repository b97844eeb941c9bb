// HTTP routes of the mailbox: HTML pages for people, a small JSON API for tests and scripts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, decodeSegment, sendHtml, sendJson } from "./http";
import { summarize, type Mailbox } from "./mailbox";
import { renderMailboxList, renderMailboxMessage, renderNotFound } from "./mailbox-page";

const API = "/api/messages";

/** Handles a request whose path had "/mailbox" removed; `url` carries the query string. */
export async function handleMailbox(mailbox: Mailbox, req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
  const method = req.method ?? "GET";
  const route = path.replace(/\/+$/, "");

  if (route === API) {
    if (method === "GET") {
      const to = url.searchParams.get("to") ?? undefined;
      return sendJson(res, 200, (await mailbox.list({ to })).map(summarize));
    }
    if (method === "DELETE") {
      await mailbox.clear();
      res.writeHead(204).end();
      return;
    }
    throw new HttpError(405, { error: "use GET or DELETE" });
  }
  if (method !== "GET") throw new HttpError(405, { error: "only GET is supported here" });

  const one = /^\/api\/messages\/([^/]+)$/.exec(route);
  if (one?.[1]) {
    const email = await mailbox.get(decodeSegment(one[1]));
    if (!email) throw new HttpError(404, { error: "message not found" });
    return sendJson(res, 200, email);
  }
  if (route === "") return sendHtml(res, 200, renderMailboxList(await mailbox.list()));
  const page = /^\/([^/]+)$/.exec(route);
  const email = page?.[1] ? await mailbox.get(decodeSegment(page[1])) : undefined;
  if (!email) return sendHtml(res, 404, renderNotFound());
  sendHtml(res, 200, renderMailboxMessage(email));
}
