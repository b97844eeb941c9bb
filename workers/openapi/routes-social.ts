// Documented routes: user search, friends and friend requests, 1:1 conversations and history.
import { userLookupQuerySchema, userLookupReplySchema } from "../../protocol/account";
import { okReplySchema } from "../../protocol/auth";
import {
  acceptRequestSchema,
  friendIdParamSchema,
  friendReplySchema,
  friendRequestsReplySchema,
  friendsReplySchema,
  requestIdParamSchema,
  searchQuerySchema,
  searchReplySchema,
  sendRequestReplySchema,
  sendRequestSchema,
  setAliasSchema,
} from "../../protocol/friends";
import { conversationsReplySchema, historyQuerySchema, historyReplySchema, peerIdParamSchema } from "../../protocol/history";
import type { ErrorCode } from "../../protocol/errors";
import { databaseAndObject, savedAndAnnounced, type RouteDoc } from "./route-doc";

const ok = { name: "OkReply", schema: okReplySchema };
const friend = { name: "FriendReply", schema: friendReplySchema };
/** Accept or reject: the addressee answers a pending request. */
const answerRequest: ErrorCode[] = ["REQUEST_NOT_FOUND", "FORBIDDEN", ...savedAndAnnounced];
/** Alias or remove: only an existing friend. */
const ofFriend: ErrorCode[] = ["NOT_FRIENDS", ...savedAndAnnounced];

export const socialRoutes: RouteDoc[] = [
  {
    method: "get",
    path: "/v1/users/search",
    tag: "Friends",
    summary: "Find users by exact email, exact user id (9 digits) or username prefix",
    auth: "bearer",
    limits: ["user"],
    query: searchQuerySchema,
    replies: { 200: { description: "One page of users", json: { name: "SearchReply", schema: searchReplySchema } } },
    errors: ["DATABASE_UNAVAILABLE"],
  },
  {
    method: "get",
    path: "/v1/users",
    tag: "Friends",
    summary: "Public profiles by id (up to 100), and which ids are deleted accounts",
    description:
      '`?ids=123456789,234567890`. Deleted accounts are listed in `deleted` (show them as "Deleted user"); ids that never existed are in neither list.',
    auth: "bearer",
    limits: ["user"],
    query: userLookupQuerySchema,
    replies: { 200: { description: "The profiles found", json: { name: "UserLookupReply", schema: userLookupReplySchema } } },
    errors: ["DATABASE_UNAVAILABLE"],
  },
  {
    method: "post",
    path: "/v1/friends/requests",
    tag: "Friends",
    summary: "Ask someone to be friends",
    description: "201 with the request; 200 with the new friend when the addressee had already asked the caller.",
    auth: "bearer",
    limits: ["user"],
    body: sendRequestSchema,
    replies: {
      200: { description: "They had asked too: now friends", json: { name: "SendRequestReply", schema: sendRequestReplySchema } },
      201: { description: "The request", json: { name: "SendRequestReply", schema: sendRequestReplySchema } },
    },
    errors: ["CANNOT_FRIEND_SELF", "USER_NOT_FOUND", "ALREADY_FRIENDS", "REQUEST_EXISTS", ...savedAndAnnounced],
  },
  {
    method: "get",
    path: "/v1/friends/requests",
    tag: "Friends",
    summary: "Pending requests to and from the caller",
    auth: "bearer",
    limits: ["user"],
    replies: { 200: { description: "Incoming and outgoing", json: { name: "FriendRequestsReply", schema: friendRequestsReplySchema } } },
    errors: ["DATABASE_UNAVAILABLE"],
  },
  {
    method: "post",
    path: "/v1/friends/requests/:id/accept",
    tag: "Friends",
    summary: "Accept a request (the addressee only)",
    auth: "bearer",
    params: requestIdParamSchema,
    body: acceptRequestSchema,
    replies: { 200: { description: "The new friend", json: friend } },
    errors: answerRequest,
  },
  {
    method: "post",
    path: "/v1/friends/requests/:id/reject",
    tag: "Friends",
    summary: "Reject a request (the addressee only)",
    auth: "bearer",
    params: requestIdParamSchema,
    replies: { 200: { description: "Rejected", json: ok } },
    errors: answerRequest,
  },
  {
    method: "get",
    path: "/v1/friends",
    tag: "Friends",
    summary: "The caller's friends with alias and presence",
    auth: "bearer",
    limits: ["user"],
    replies: { 200: { description: "The friend list", json: { name: "FriendsReply", schema: friendsReplySchema } } },
    errors: ["DATABASE_UNAVAILABLE"],
  },
  {
    method: "patch",
    path: "/v1/friends/:id",
    tag: "Friends",
    summary: "Set what the caller calls a friend (empty: the nickname)",
    auth: "bearer",
    params: friendIdParamSchema,
    body: setAliasSchema,
    replies: { 200: { description: "The friend", json: friend } },
    errors: ofFriend,
  },
  {
    method: "delete",
    path: "/v1/friends/:id",
    tag: "Friends",
    summary: "Remove a friend",
    auth: "bearer",
    params: friendIdParamSchema,
    replies: { 200: { description: "Removed", json: ok } },
    errors: ofFriend,
  },
  {
    method: "get",
    path: "/v1/conversations",
    tag: "Conversations",
    summary: "The caller's 1:1 conversations and groups, most recent first",
    auth: "bearer",
    limits: ["user"],
    replies: { 200: { description: "The conversation list", json: { name: "ConversationsReply", schema: conversationsReplySchema } } },
    errors: databaseAndObject,
  },
  {
    method: "get",
    path: "/v1/conversations/:peerId/messages",
    tag: "Conversations",
    summary: "History with a friend or conversation partner, newest first",
    auth: "bearer",
    limits: ["user"],
    params: peerIdParamSchema,
    query: historyQuerySchema,
    replies: { 200: { description: "One page of messages", json: { name: "HistoryReply", schema: historyReplySchema } } },
    errors: ["CONVERSATION_NOT_FOUND", ...databaseAndObject],
  },
];
