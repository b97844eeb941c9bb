// /v1/conversations: the conversation list (1:1 and groups) and paged history of one conversation.
import { Hono } from "hono";
import { conversationKey } from "../../durable-objects/user-session/conversation-log";
import {
  historyQuerySchema,
  peerIdParamSchema,
  type ConversationsReply,
  type GroupConversationSummary,
  type HistoryReply,
} from "../../protocol/history";
import type { MyGroup } from "../../durable-objects/user-session/group-membership";
import type { AppEnv } from "../context";
import { userSession } from "../lib/user-session";
import { requireAuth } from "../middleware/auth";
import { pathParams, queryParams } from "../middleware/validate";
import { ApiError } from "../errors";
import { areFriends } from "../friends/friendships";
import type { Db } from "../lib/db";
import { limitPerUser } from "../middleware/rate-limit";
import { conversationExists, latestMessages, oneToOnePages } from "./history";
import { shownPage } from "./full-page";
import { groupsShown, shownLatest } from "./list";

/**
 * A friend, or someone with a conversation: the caller's own object knows (it exists and stays
 * available while MySQL is down); MySQL settles what it may not have seen yet.
 */
async function knowsPeer(db: Db, env: Env, me: number, peer: number): Promise<boolean> {
  if (peer === me) return false;
  if (await userSession(env, me).knowsPeer(peer)) return true;
  const [friends, talked] = await Promise.all([areFriends(db, me, peer), conversationExists(db, me, peer)]);
  return friends || talked;
}

function groupSummary(g: MyGroup): GroupConversationSummary {
  const { groupId, role, unread, mentions, lastSeq, muted, readSeq, lastMessage } = g;
  return { groupId, name: g.group?.name ?? "", role, unread, mentions, lastSeq, muted, readSeq, lastMessage };
}

export const conversationRoutes = new Hono<AppEnv>()
  .get("/", requireAuth(), limitPerUser("readsPerUser"), async (c) => {
    const me = c.var.user.uid;
    const session = userSession(c.env, me);
    const [latest, { unread, groups }, hidden] = await Promise.all([
      latestMessages(c.var.deps.db, me),
      // The user's own object knows unread counts exactly, even before history is written behind,
      // and keeps its groups (with their last message) from the group events.
      session.conversationCounts(),
      // What the user hid: a hidden last message gives way to the newest one still shown (list.ts).
      session.hiddenEverywhere(),
    ]);
    const [shown, groupsLeft] = await Promise.all([
      shownLatest(c.var.deps.db, c.env, me, latest, hidden),
      groupsShown(c.var.deps.db, c.env, me, groups, hidden),
    ]);
    const unreadBy = new Map(unread.map((u) => [u.peerId, u.count]));
    const body: ConversationsReply = {
      conversations: shown.map((m) => {
        const peerId = m.from === me ? m.to : m.from;
        return { peerId, conversation: m.conversation, lastMessage: m, unread: unreadBy.get(peerId) ?? 0 };
      }),
      groups: groupsLeft.map(groupSummary),
    };
    return c.json(body);
  })
  .get(
    "/:peerId/messages",
    requireAuth(),
    limitPerUser("readsPerUser"),
    pathParams(peerIdParamSchema),
    queryParams(historyQuerySchema),
    async (c) => {
      const { peerId } = c.req.valid("param");
      const { before, limit } = c.req.valid("query");
      const me = c.var.user.uid;
      // Only a peer the caller knows reaches the peer's object: naming random ids must not create objects.
      if (!(await knowsPeer(c.var.deps.db, c.env, me, peerId))) {
        throw new ApiError("CONVERSATION_NOT_FOUND", "no friendship or conversation with this user");
      }
      const hidden = await userSession(c.env, me).hiddenIn(conversationKey(me, peerId));
      const page = await shownPage(oneToOnePages(c.var.deps.db, c.env, me, peerId), hidden, before, limit);
      const body: HistoryReply = { messages: page.entries, nextBefore: page.nextBefore };
      return c.json(body);
    },
  );
