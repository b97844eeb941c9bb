// Typed client for the QChat HTTP API (/v1): accounts, users, friends, message history, groups
// (the group routes are in ./http-groups), blocks (./http-blocks), files (./http-files) and message
// search (./http-search). Requests and replies are typed by the server's routes (hc<AppType>, see
// ./http-request); single-field envelopes ({user}, {friend}, {friends}) are unwrapped. Errors are
// QChatError with the envelope's code, status and retryAfter.
import type { z } from "zod";
import type { codeRequestSchema, loginRequestSchema, registerRequestSchema, resetRequestSchema } from "../protocol/auth";
import { accountRoutes } from "./http-account";
import { blockRoutes } from "./http-blocks";
import { fileRoutes } from "./http-files";
import { groupRoutes } from "./http-groups";
import { searchRoutes } from "./http-search";
import { segment, text } from "./http-params";
import { createTransport, type FetchLike } from "./http-request";

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
  const { auth, friends } = t.api.v1;
  const done = async (reply: Promise<unknown>): Promise<void> => void (await reply);

  return {
    setToken: t.setToken,
    getToken: t.getToken,

    requestCode: (req: CodeRequestInput) => t.json(auth.code.$post({ json: req })),
    register: async (req: RegisterInput) => (await t.json(auth.register.$post({ json: req }))).user,
    /** Logs in and keeps the token for later calls. */
    login: async (req: LoginInput) => {
      const reply = await t.json(auth.login.$post({ json: req }));
      t.setToken(reply.token);
      return reply;
    },
    /** Trades a refresh token for a new access token (kept for later calls) and a rotated refresh token. */
    refresh: async (refreshToken: string) => {
      const pair = await t.json(auth.refresh.$post({ json: { refreshToken } }));
      t.setToken(pair.token);
      return pair;
    },
    resetPassword: (req: ResetInput) => t.json(auth.reset.$post({ json: req })),
    /** Revokes the session server-side and forgets the token. */
    logout: async (): Promise<void> => {
      await t.json(auth.logout.$post());
      t.setToken(undefined);
    },
    me: async () => (await t.json(t.api.v1.me.$get())).user,
    status: () => t.json(t.api.v1.status.$get()),

    searchUsers: (q: string, page: { limit?: number; cursor?: string } = {}) =>
      t.json(t.api.v1.users.search.$get({ query: { q, limit: text(page.limit), cursor: page.cursor } })),
    sendFriendRequest: (to: number, message?: string) => t.json(friends.requests.$post({ json: { to, message } })),
    listFriendRequests: () => t.json(friends.requests.$get()),
    /** `alias` is what the caller will call the new friend. */
    acceptFriendRequest: async (requestId: number, alias?: string) =>
      (await t.json(friends.requests[":id"].accept.$post({ param: { id: segment(requestId) }, json: { alias } }))).friend,
    rejectFriendRequest: (requestId: number) => done(t.json(friends.requests[":id"].reject.$post({ param: { id: segment(requestId) } }))),
    listFriends: async () => (await t.json(friends.$get())).friends,
    /** An empty alias shows the friend's nickname again. */
    setFriendAlias: async (friendId: number, alias: string) =>
      (await t.json(friends[":id"].$patch({ param: { id: segment(friendId) }, json: { alias } }))).friend,
    removeFriend: (friendId: number) => done(t.json(friends[":id"].$delete({ param: { id: segment(friendId) } }))),

    /** Messages with one peer; `before` is a conversation seq (exclusive). */
    history: (peerId: number, page: { before?: number; limit?: number } = {}) =>
      t.json(
        t.api.v1.conversations[":peerId"].messages.$get({
          param: { peerId: segment(peerId) },
          query: { before: text(page.before), limit: text(page.limit) },
        }),
      ),
    conversations: () => t.json(t.api.v1.conversations.$get()),

    ...accountRoutes(t),
    ...blockRoutes(t),
    ...groupRoutes(t),
    ...fileRoutes(t),
    ...searchRoutes(t),
  };
}
