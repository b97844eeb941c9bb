// Documented routes: message search (/v1/search).
import { messageSearchQuerySchema, messageSearchReplySchema } from "../../protocol/search";
import type { RouteDoc } from "./route-doc";

export const searchRoutesDoc: RouteDoc[] = [
  {
    method: "get",
    path: "/v1/search/messages",
    tag: "Search",
    summary: "Search the caller's messages: 1:1 conversations and current groups, newest first",
    description:
      "Every word of 3 or more characters must match (shorter ones are ignored; none left is QUERY_TOO_SHORT); the last word also matches as a prefix. Punctuation and the FULLTEXT boolean operators are word separators, never operators. Text with CJK characters is matched as substrings instead. Recalled messages, messages the caller hid (delete for me), group messages from before the caller joined and groups the caller has left are never found. Found from MySQL, which is written behind the chat objects (about a second late). Page with `nextCursor`.",
    auth: "bearer",
    limits: ["user"],
    query: messageSearchQuerySchema,
    replies: { 200: { description: "A page of hits", json: { name: "MessageSearchReply", schema: messageSearchReplySchema } } },
    errors: ["QUERY_TOO_SHORT", "DATABASE_UNAVAILABLE"],
  },
];
