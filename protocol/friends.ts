// HTTP contract of the friend routes (/v1/users/search, /v1/friends*): request schemas and
// reply shapes. The objects they carry (PublicUser, Friend, FriendRequest) live in ./events.
import { z } from "zod";
import { friendRequestSchema, friendSchema, publicUserSchema } from "./events";

const uid = z.coerce.number().int().min(100_000_000).max(999_999_999);

export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 50;
export const REQUEST_MESSAGE_MAX = 200;
export const ALIAS_MAX = 64;

/**
 * `GET /v1/users/search`. `q` is read as an exact email when it contains `@`, as an exact user id
 * when it is 9 digits, and as a case-insensitive username prefix otherwise.
 */
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(254),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
  /** `nextCursor` of the previous page; opaque. */
  cursor: z.string().min(1).max(200).optional(),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchReplySchema = z.object({
  users: z.array(publicUserSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type SearchReply = z.infer<typeof searchReplySchema>;

/** `POST /v1/friends/requests`. */
export const sendRequestSchema = z.object({
  to: z.number().int().min(100_000_000).max(999_999_999),
  message: z.string().trim().max(REQUEST_MESSAGE_MAX).default(""),
});
export type SendRequestBody = z.infer<typeof sendRequestSchema>;

/** 201 for a new (or re-sent) request; 200 when the addressee had already asked the caller. */
export const sendRequestReplySchema = z.union([
  z.object({ request: friendRequestSchema }),
  z.object({ friend: friendSchema, mutual: z.literal(true) }),
]);
export type SendRequestReply = z.infer<typeof sendRequestReplySchema>;

/** `POST /v1/friends/requests/:id/accept`: `alias` is what the accepter will call the requester. */
export const acceptRequestSchema = z.object({ alias: z.string().trim().max(ALIAS_MAX).default("") });
export type AcceptRequestBody = z.infer<typeof acceptRequestSchema>;

/** `PATCH /v1/friends/:id`: an empty alias means "show the nickname". */
export const setAliasSchema = z.object({ alias: z.string().trim().max(ALIAS_MAX) });

/** Path parameters. */
export const requestIdParamSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const friendIdParamSchema = z.object({ id: uid });

export const friendRequestsReplySchema = z.object({
  /** Pending requests to the caller, newest first. */
  incoming: z.array(friendRequestSchema),
  /** Pending requests from the caller, newest first. */
  outgoing: z.array(friendRequestSchema),
});
export type FriendRequestsReply = z.infer<typeof friendRequestsReplySchema>;

export const friendsReplySchema = z.object({ friends: z.array(friendSchema) });
export type FriendsReply = z.infer<typeof friendsReplySchema>;

/** `POST /v1/friends/requests/:id/accept` and `PATCH /v1/friends/:id`. */
export const friendReplySchema = z.object({ friend: friendSchema });
