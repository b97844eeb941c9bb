// The CLI's names for uids (cli/names.ts) through the SDK's bulk lookup `GET /v1/users?ids=…`
// against a scripted fetch: friends by name without a call, strangers in batches of at most
// USER_LOOKUP_MAX ids, deleted accounts as "Deleted user" in group members and search-messages
// output, and a failed lookup leaving the id.
import { describe, expect, it, vi } from "vitest";
import { createHttpClient, DELETED_USER_NAME } from "../../client";
import { group } from "../../cli/commands/groups";
import { searchMessages, stamp } from "../../cli/commands/search";
import { createNameBook } from "../../cli/names";
import { USER_LOOKUP_MAX } from "../../protocol/account";
import type { Friend } from "../../protocol/events";
import { API, cliContext, useSignedInCli } from "./cli-signed-in";
import { ALICE, BOB } from "./client-fake-socket";

const GID = "g0123456789abcdefghij";
const DAVE = 700000001;
const EVE = 700000002;
const bob: Friend = { id: BOB, username: "bob", nickname: "Bob", avatarUrl: null, bio: "", alias: "", presence: "online" };
const profile = (id: number, username: string) => ({ id, username, nickname: username, avatarUrl: null, bio: "" });

/** `GET /v1/users?ids=…` answers every id as a user named u<id>, except `deleted` ones; other routes by "METHOD path". */
function serve(deleted: number[], routes: Record<string, unknown> = {}) {
  const lookups: number[][] = [];
  const calls: string[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const { pathname, searchParams } = new URL(url);
    calls.push(`${init.method} ${pathname}`);
    if (pathname === "/v1/users") {
      const ids = searchParams.get("ids")!.split(",").map(Number);
      lookups.push(ids);
      const users = ids.filter((id) => !deleted.includes(id)).map((id) => profile(id, `u${id}`));
      return new Response(JSON.stringify({ users, deleted: ids.filter((id) => deleted.includes(id)) }));
    }
    const key = `${init.method} ${pathname}`;
    if (!(key in routes)) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: key } }), { status: 404 });
    return new Response(JSON.stringify(routes[key]));
  });
  return { lookups, calls };
}

useSignedInCli("qchat-cli-names-");

describe("CLI names", () => {
  it("looks strangers up in batches of at most USER_LOOKUP_MAX ids, once each, and friends not at all", async () => {
    const { lookups } = serve([]);
    const http = createHttpClient({ baseUrl: API });
    const names = createNameBook(ALICE, [bob], (ids) => http.lookupUsers(ids));
    const strangers = Array.from({ length: USER_LOOKUP_MAX + 5 }, (_, i) => 600_000_000 + i);
    await names.learn([ALICE, BOB, ...strangers, strangers[0]!]);
    expect(lookups.map((ids) => ids.length)).toEqual([USER_LOOKUP_MAX, 5]);
    expect(lookups.flat()).toEqual(strangers);
    expect([names.name(ALICE), names.name(BOB), names.name(strangers[7]!)]).toEqual(["you", "bob (Bob)", `u${strangers[7]}`]);
    await names.learn(strangers);
    expect(lookups).toHaveLength(2);
    // A looked-up username works as a mention.
    expect(names.mentionsToIds(`hi @u${strangers[7]}`)).toBe(`hi @${strangers[7]}`);
  });

  it("names deleted accounts DELETED_USER_NAME and leaves the id when the lookup fails", async () => {
    const { lookups } = serve([DAVE]);
    const http = createHttpClient({ baseUrl: API });
    const names = createNameBook(ALICE, [], (ids) => http.lookupUsers(ids));
    await names.learn([DAVE, EVE]);
    expect(lookups).toEqual([[DAVE, EVE]]);
    expect([names.name(DAVE), names.name(EVE)]).toEqual([DELETED_USER_NAME, `u${EVE}`]);
    expect(DELETED_USER_NAME).toBe("Deleted user");
    expect(names.mentionsToIds("@Deleted")).toBe("@Deleted");

    vi.stubGlobal("fetch", async () => new Response("{}", { status: 503 }));
    const offline = createNameBook(ALICE, [], (ids) => http.lookupUsers(ids));
    await offline.learn([DAVE]);
    expect(offline.name(DAVE)).toBe(String(DAVE));
  });

  it("group members shows a deleted member as Deleted user", async () => {
    const { calls } = serve([DAVE], {
      "GET /v1/groups": { groups: [{ groupId: GID, name: "hikers" }] },
      [`GET /v1/groups/${GID}/members`]: {
        members: [
          { uid: ALICE, role: "owner", joinedAt: "2026-11-30T09:00:00.000Z", joinedAfterSeq: 0 },
          { uid: DAVE, role: "member", joinedAt: "2026-11-30T10:00:00.000Z", joinedAfterSeq: 3 },
        ],
      },
      "GET /v1/friends": { friends: [] },
    });
    const out: string[] = [];
    await group(cliContext(["members", GID], {}, out));
    expect(out).toEqual([`owner   ${ALICE}  you  joined 2026-11-30`, `member  ${DAVE}  Deleted user  joined 2026-11-30`, "2 members"]);
    expect(calls.filter((c) => c.startsWith("GET /v1/users"))).toEqual(["GET /v1/users"]);
  });

  it("search-messages names a deleted sender Deleted user", async () => {
    const sentAt = "2026-11-29T08:00:00.000Z";
    serve([DAVE], {
      "GET /v1/search/messages": {
        hits: [{ kind: "group", messageId: "m1", groupId: GID, seq: 3, from: DAVE, body: "walrus!", sentAt }],
        nextCursor: null,
      },
      "GET /v1/friends": { friends: [bob] },
      "GET /v1/groups": { groups: [{ groupId: GID, name: "zoo" }] },
    });
    const out: string[] = [];
    await searchMessages(cliContext(["walrus"], {}, out));
    expect(out).toEqual([`[${stamp(sentAt)}] #zoo Deleted user: walrus!`]);
  });
});
