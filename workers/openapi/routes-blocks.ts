// Documented routes: blocking users (/v1/blocks).
import { okReplySchema } from "../../protocol/auth";
import { blockBodySchema, blockedUidParamSchema, blockReplySchema, blocksReplySchema } from "../../protocol/blocks";
import { savedAndAnnounced, type RouteDoc } from "./route-doc";

export const blockRoutesDoc: RouteDoc[] = [
  {
    method: "post",
    path: "/v1/blocks",
    tag: "Blocks",
    summary: "Block a user: ends the friendship and pending requests; their requests go unheard",
    description:
      "The blocked user is not told: their 1:1 messages get NOT_FRIENDS, their friend requests the same 201 as a stranger's (never shown to the blocker), and neither sees the other's presence. Group messages are still delivered. Blocking again keeps the first time.",
    auth: "bearer",
    limits: ["user"],
    body: blockBodySchema,
    replies: { 201: { description: "Blocked", json: { name: "BlockReply", schema: blockReplySchema } } },
    errors: ["USER_NOT_FOUND", ...savedAndAnnounced],
  },
  {
    method: "get",
    path: "/v1/blocks",
    tag: "Blocks",
    summary: "The users the caller blocks, newest first",
    auth: "bearer",
    limits: ["user"],
    replies: { 200: { description: "The block list", json: { name: "BlocksReply", schema: blocksReplySchema } } },
    errors: ["DATABASE_UNAVAILABLE"],
  },
  {
    method: "delete",
    path: "/v1/blocks/:uid",
    tag: "Blocks",
    summary: "Unblock a user: they may send requests again (a friendship the block ended is not restored)",
    auth: "bearer",
    params: blockedUidParamSchema,
    replies: { 200: { description: "Unblocked", json: { name: "OkReply", schema: okReplySchema } } },
    errors: ["USER_NOT_FOUND", ...savedAndAnnounced],
  },
];
