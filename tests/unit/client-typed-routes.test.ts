// The SDK's HTTP client is typed by the server's routes (hc<AppType>, client/app-type.d.ts): a
// route that does not exist, the wrong method, a body or parameter the route's validator refuses
// is a compile error (`npm run typecheck` compiles this file), and every reply is the protocol's
// type, not `any`. At run time: hc builds the URLs the server mounts.
import { hc } from "hono/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { AppType } from "../../client/app-type";
import type { HttpClient } from "../../client";
import type { CodeReply, LoginReply, Profile, StatusReply, TokenPair } from "../../protocol/auth";
import type { Friend } from "../../protocol/events";
import type { StoredFile } from "../../protocol/files";
import type { FriendRequestsReply, SearchReply, SendRequestReply } from "../../protocol/friends";
import type {
  Group,
  GroupHistoryReply,
  GroupListReply,
  GroupMember,
  GroupReceiptsReply,
  GroupReply,
  InviteReply,
} from "../../protocol/groups";
import type { ConversationsReply, HistoryReply } from "../../protocol/history";

const api = hc<AppType>("http://qchat.test/api");

/** What an SDK method resolves with. */
type Reply<K extends keyof HttpClient> = HttpClient[K] extends (...args: never[]) => Promise<infer T> ? T : never;

/** Never called: its lines are here for the compiler. */
function compileOnly() {
  // @ts-expect-error: there is no /v1/friends/nope
  void api.v1.friends.nope.$get();
  // @ts-expect-error: /v1/users/search is a GET
  void api.v1.users.search.$post({ query: { q: "bob" } });
  // @ts-expect-error: login needs a password
  void api.v1.auth.login.$post({ json: { login: "alice" } });
  // @ts-expect-error: a friend's route needs the friend's id
  void api.v1.friends[":id"].$delete({});
  // @ts-expect-error: query strings are text
  void api.v1.conversations[":peerId"].messages.$get({ param: { peerId: "517204938" }, query: { limit: 20 } });
  // @ts-expect-error: the upload needs a name
  void api.v1.files.$post({ query: {} });
}

describe("the SDK's routes, typed by the server", () => {
  it("are what the server mounts", () => {
    expect(typeof compileOnly).toBe("function");
    expect(api.v1.users.search.$url({ query: { q: "bo b" } }).toString()).toBe("http://qchat.test/api/v1/users/search?q=bo+b");
    expect(api.v1.groups[":id"].members[":uid"].$url({ param: { id: "g1", uid: "517204938" } }).pathname).toBe(
      "/api/v1/groups/g1/members/517204938",
    );
  });

  it("answer with the protocol's types", () => {
    expectTypeOf(api).not.toBeAny();
    expectTypeOf<Reply<"requestCode">>().toEqualTypeOf<CodeReply>();
    expectTypeOf<Reply<"register">>().toEqualTypeOf<Profile>();
    expectTypeOf<Reply<"login">>().toEqualTypeOf<LoginReply>();
    expectTypeOf<Reply<"refresh">>().toEqualTypeOf<TokenPair>();
    expectTypeOf<Reply<"resetPassword">>().toEqualTypeOf<{ ok: true; revokedSessions: number }>();
    expectTypeOf<Reply<"me">>().toEqualTypeOf<Profile>();
    expectTypeOf<Reply<"status">>().toEqualTypeOf<StatusReply>();
    expectTypeOf<Reply<"searchUsers">>().toEqualTypeOf<SearchReply>();
    expectTypeOf<Reply<"sendFriendRequest">>().toEqualTypeOf<SendRequestReply>();
    expectTypeOf<Reply<"listFriendRequests">>().toEqualTypeOf<FriendRequestsReply>();
    expectTypeOf<Reply<"acceptFriendRequest">>().toEqualTypeOf<Friend>();
    expectTypeOf<Reply<"listFriends">>().toEqualTypeOf<Friend[]>();
    expectTypeOf<Reply<"setFriendAlias">>().toEqualTypeOf<Friend>();
    expectTypeOf<Reply<"history">>().toEqualTypeOf<HistoryReply>();
    expectTypeOf<Reply<"conversations">>().toEqualTypeOf<ConversationsReply>();
    // Creating a group always makes the caller its owner, and the route says so.
    expectTypeOf<Reply<"createGroup">>().toEqualTypeOf<{ group: Group; role: "owner" }>();
    expectTypeOf<Reply<"listGroups">>().toEqualTypeOf<GroupListReply["groups"]>();
    expectTypeOf<Reply<"getGroup">>().toEqualTypeOf<GroupReply>();
    expectTypeOf<Reply<"updateGroup">>().toEqualTypeOf<Group>();
    expectTypeOf<Reply<"listGroupMembers">>().toEqualTypeOf<GroupMember[]>();
    expectTypeOf<Reply<"addGroupMembers">>().toEqualTypeOf<Group>();
    expectTypeOf<Reply<"removeGroupMember">>().toEqualTypeOf<Group>();
    expectTypeOf<Reply<"setGroupRole">>().toEqualTypeOf<Group>();
    expectTypeOf<Reply<"transferGroupOwner">>().toEqualTypeOf<Group>();
    expectTypeOf<Reply<"createGroupInvite">>().toEqualTypeOf<InviteReply>();
    expectTypeOf<Reply<"joinGroup">>().toEqualTypeOf<GroupReply>();
    expectTypeOf<Reply<"groupHistory">>().toEqualTypeOf<GroupHistoryReply>();
    expectTypeOf<Reply<"groupReceipts">>().toEqualTypeOf<GroupReceiptsReply>();
    expectTypeOf<Reply<"uploadFile">>().toEqualTypeOf<StoredFile>();
    expectTypeOf<Reply<"fileUrl">>().toEqualTypeOf<{ url: string; expiresAt: string }>();
  });
});
