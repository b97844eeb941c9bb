// Typed client for the QChat HTTP API (/v1): accounts, users, friends, message history, groups
// (the group routes are in ./http-groups) and files (./http-files).
// Replies are the documented bodies; single-field envelopes ({user}, {friend}, {friends}) are
// unwrapped. Errors are QChatError with the envelope's code, status and retryAfter.
import type { z } from "zod";
import type {
  codeRequestSchema,
  CodeReply,
  LoginReply,
  loginRequestSchema,
  Profile,
  registerRequestSchema,
  resetRequestSchema,
  StatusReply,
  TokenPair,
} from "../protocol/auth";
import type { Friend } from "../protocol/events";
import type { FriendRequestsReply, SearchReply, SendRequestReply } from "../protocol/friends";
import { fileRoutes } from "./http-files";
import { groupRoutes } from "./http-groups";
import { createTransport, type FetchLike } from "./http-request";
import type { ConversationsReply, HistoryReply } from "../protocol/history";

export type CodeRequestInput = z.input<typeof codeRequestSchema>;
export type RegisterInput = z.input<typeof registerRequestSchema>;
export type LoginInput = z.input<typeof loginRequestSchema>;
export type ResetInput = z.input<typeof resetRequestSchema>;

export interface HttpClientOptions {
  /** Origin (and optional path prefix) of the Worker, e.g. `https://qchat.example.workers.dev`. */
  baseUrl: string;
  fetch?: FetchLike;
  /** A token from an earlier login. */
  token?: string;
}

export type HttpClient = ReturnType<typeof createHttpClient>;

export function createHttpClient(opts: HttpClientOptions) {
  const t = createTransport(opts);
  const id = (n: number) => encodeURIComponent(String(n));

  return {
    setToken: t.setToken,
    getToken: t.getToken,

    requestCode: (req: CodeRequestInput) => t.request<CodeReply>("POST", "v1/auth/code", { body: req }),
    register: async (req: RegisterInput) => (await t.request<{ user: Profile }>("POST", "v1/auth/register", { body: req })).user,
    /** Logs in and keeps the token for later calls. */
    login: async (req: LoginInput) => {
      const reply = await t.request<LoginReply>("POST", "v1/auth/login", { body: req });
      t.setToken(reply.token);
      return reply;
    },
    /** Trades a refresh token for a new access token (kept for later calls) and a rotated refresh token. */
    refresh: async (refreshToken: string) => {
      const pair = await t.request<TokenPair>("POST", "v1/auth/refresh", { body: { refreshToken } });
      t.setToken(pair.token);
      return pair;
    },
    resetPassword: (req: ResetInput) => t.request<{ ok: true; revokedSessions: number }>("POST", "v1/auth/reset", { body: req }),
    /** Revokes the session server-side and forgets the token. */
    logout: async (): Promise<void> => {
      await t.request<{ ok: true }>("POST", "v1/auth/logout");
      t.setToken(undefined);
    },
    me: async () => (await t.request<{ user: Profile }>("GET", "v1/me")).user,
    status: () => t.request<StatusReply>("GET", "v1/status"),

    searchUsers: (q: string, page: { limit?: number; cursor?: string } = {}) =>
      t.request<SearchReply>("GET", "v1/users/search", { query: { q, ...page } }),
    sendFriendRequest: (to: number, message?: string) =>
      t.request<SendRequestReply>("POST", "v1/friends/requests", { body: { to, message } }),
    listFriendRequests: () => t.request<FriendRequestsReply>("GET", "v1/friends/requests"),
    /** `alias` is what the caller will call the new friend. */
    acceptFriendRequest: async (requestId: number, alias?: string) =>
      (await t.request<{ friend: Friend }>("POST", `v1/friends/requests/${id(requestId)}/accept`, { body: { alias } })).friend,
    rejectFriendRequest: async (requestId: number): Promise<void> => {
      await t.request<{ ok: true }>("POST", `v1/friends/requests/${id(requestId)}/reject`);
    },
    listFriends: async () => (await t.request<{ friends: Friend[] }>("GET", "v1/friends")).friends,
    /** An empty alias shows the friend's nickname again. */
    setFriendAlias: async (friendId: number, alias: string) =>
      (await t.request<{ friend: Friend }>("PATCH", `v1/friends/${id(friendId)}`, { body: { alias } })).friend,
    removeFriend: async (friendId: number): Promise<void> => {
      await t.request<{ ok: true }>("DELETE", `v1/friends/${id(friendId)}`);
    },

    /** Messages with one peer; `before` is a conversation seq (exclusive). */
    history: (peerId: number, page: { before?: number; limit?: number } = {}) =>
      t.request<HistoryReply>("GET", `v1/conversations/${id(peerId)}/messages`, { query: page }),
    conversations: () => t.request<ConversationsReply>("GET", "v1/conversations"),

    ...groupRoutes(t),
    ...fileRoutes(t),
  };
}
