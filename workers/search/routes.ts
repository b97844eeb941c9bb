// /v1/search: message search over the conversations the caller is in (1:1 and current groups),
// newest first, paged by an opaque cursor. Reads MySQL, which is written behind the chat objects,
// so a message just sent is found once its row is written (normally within a second).
import { Hono } from "hono";
import { messageSearchQuerySchema } from "../../protocol/search";
import type { AppEnv } from "../context";
import { userSession } from "../lib/user-session";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { queryParams } from "../middleware/validate";
import { decodeCursor } from "./cursor";
import { searchPage } from "./page";
import { messageMatch } from "./query";

export const searchRoutes = new Hono<AppEnv>()
  .use("*", requireAuth())
  .get("/messages", limitPerUser("messageSearchPerUser"), queryParams(messageSearchQuerySchema), async (c) => {
    const { q, limit, cursor } = c.req.valid("query");
    const me = c.var.user.uid;
    const match = messageMatch(q);
    const at = cursor === undefined ? undefined : decodeCursor(cursor);
    // "Delete for me" lives in the caller's own object: one call for every conversation.
    const hidden = await userSession(c.env, me).hiddenEverywhere();
    return c.json(await searchPage(c.var.deps.db, me, match, hidden, at, limit));
  });
