// `npm run cli -- group ...` without a server: argument parsing (subcommands, --ttl, --members,
// a group by name), the output of `group members`, `group invite` and `group list` against a
// scripted fetch and a saved session in a temporary config directory, and the advice printed for
// group errors.
import { describe, expect, it, vi } from "vitest";
import { QChatError } from "../../client";
import { group } from "../../cli/commands/groups";
import type { Flags } from "../../cli/context";
import { CliError, EXIT, explain } from "../../cli/errors";
import { parseTtl, pickFriends } from "../../cli/group-args";
import type { Friend } from "../../protocol/events";
import { API, runCli, useSignedInCli } from "./cli-signed-in";
import { ALICE, BOB } from "./client-fake-socket";

const GID = "g0123456789abcdefghij";
const CAROL = 612345789;
const DAVE = 700000001;

const friend = (id: number, username: string, alias = ""): Friend => ({
  id,
  username,
  nickname: username,
  avatarUrl: null,
  bio: "",
  alias,
  presence: "online",
});
const friends = [friend(BOB, "bob", "Bobby"), friend(CAROL, "carol")];

/** Replies by "METHOD path" (query string dropped); every call and JSON body is recorded. */
function serve(routes: Record<string, unknown>) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const { pathname, search } = new URL(url);
    calls.push(`${init.method} ${pathname}${search}`);
    bodies.push(typeof init.body === "string" ? JSON.parse(init.body) : undefined);
    const key = `${init.method} ${pathname}`;
    if (!(key in routes)) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: key } }), { status: 404 });
    const reply = routes[key];
    return new Response(JSON.stringify(typeof reply === "function" ? (reply as (u: URL) => unknown)(new URL(url)) : reply));
  });
  return Object.assign(calls, { bodies });
}

const run = (args: string[], flags: Flags = {}) => runCli(group, args, flags);
useSignedInCli("qchat-cli-group-");

describe("group arguments", () => {
  it("rejects a missing or unknown subcommand and missing arguments with usage (exit 2)", async () => {
    for (const args of [[], ["dance"], ["invite"], ["create"]]) {
      const err = await run(args).done.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(EXIT.USAGE);
    }
    const err = (await run(["dance"]).done.catch((e: unknown) => e)) as CliError;
    expect(err.message).toContain('unknown group command "dance"');
    expect(err.message).toContain("group join <token>");
  });

  it("reads --ttl in seconds, minutes, hours or days within the allowed range", () => {
    expect([parseTtl("3600"), parseTtl("90s"), parseTtl("30m"), parseTtl("12h"), parseTtl("7d")]).toEqual([
      3600, 90, 1800, 43_200, 604_800,
    ]);
    for (const bad of ["59", "31d", "1w", "soon", ""]) expect(() => parseTtl(bad)).toThrow(/--ttl/);
  });

  it("takes --members as friends by id, username or alias, and refuses strangers", () => {
    expect(pickFriends(friends, [String(CAROL), "BOB", "bobby"])).toEqual([CAROL, BOB, BOB]);
    expect(() => pickFriends(friends, ["mallory"])).toThrow(/mallory is not one of your friends/);
  });
});

describe("group commands", () => {
  it("create sends the name and the chosen friends, and says how to go on", async () => {
    const calls = serve({
      "GET /v1/friends": { friends },
      "POST /v1/groups": { group: { groupId: GID, name: "hikers", memberCount: 3 }, role: "owner" },
    });
    const { out, done } = run(["create", "hikers", "club"], { members: "bob, carol" });
    await done;
    expect([...calls]).toEqual(["GET /v1/friends", "POST /v1/groups"]);
    expect(calls.bodies[1]).toEqual({ name: "hikers club", members: [BOB, CAROL] });
    expect(out[0]).toBe(`Created "hikers" (${GID}) with 3 members; you are the owner.`);
    expect(out[1]).toContain(`group chat ${GID}`);
  });

  it("members lists roles, owner first, with friends' and looked-up names", async () => {
    const calls = serve({
      "GET /v1/groups": { groups: [{ groupId: GID, name: "hikers" }] },
      [`GET /v1/groups/${GID}/members`]: {
        members: [
          { uid: CAROL, role: "member", joinedAt: "2026-11-30T10:00:00.000Z", joinedAfterSeq: 3 },
          { uid: DAVE, role: "admin", joinedAt: "2026-11-30T09:30:00.000Z", joinedAfterSeq: 2 },
          { uid: ALICE, role: "owner", joinedAt: "2026-11-30T09:00:00.000Z", joinedAfterSeq: 0 },
        ],
      },
      "GET /v1/friends": { friends },
      "GET /v1/users": (url: URL) => ({
        users:
          url.searchParams.get("ids") === String(DAVE)
            ? [{ id: DAVE, username: "dave", nickname: "Dave D", avatarUrl: null, bio: "" }]
            : [],
        deleted: [],
      }),
    });
    const { out, done } = run(["members", "Hikers"]);
    await done;
    expect(out).toEqual([
      `owner   ${ALICE}  you  joined 2026-11-30`,
      `admin   ${DAVE}  dave (Dave D)  joined 2026-11-30`,
      `member  ${CAROL}  carol  joined 2026-11-30`,
      "3 members",
    ]);
    expect(calls).toContain(`GET /v1/users?ids=${DAVE}`);
  });

  it("invite prints the token alone on the first line, then how to use it", async () => {
    const calls = serve({ [`POST /v1/groups/${GID}/invites`]: { token: "join-me-0123456789", expiresAt: "2026-12-07T09:00:00.000Z" } });
    const { out, done } = run(["invite", GID], { ttl: "2h" });
    await done;
    expect([...calls]).toEqual([`POST /v1/groups/${GID}/invites`]);
    expect(calls.bodies).toEqual([{ ttlSeconds: 7200 }]);
    expect(out).toEqual([
      "join-me-0123456789",
      "Anyone with it can join until 2026-12-07 09:00 UTC: npm run cli -- group join join-me-0123456789",
    ]);
  });

  it("list shows counts, and a name shared by two groups asks for the id", async () => {
    const row = { groupId: GID, name: "hikers", memberCount: 4, role: "admin", muted: true, unread: 3, mentions: 1 };
    serve({ "GET /v1/groups": { groups: [row, { ...row, groupId: "gabcdefghij0123456789", unread: 0, mentions: 0, muted: false }] } });
    const listed = run(["list"]);
    await listed.done;
    expect(listed.out).toEqual([
      `${GID}  hikers  (4 members, admin)  3 unread, 1 @you, muted`,
      "gabcdefghij0123456789  hikers  (4 members, admin)",
    ]);
    await expect(run(["leave", "hikers"]).done).rejects.toThrow(/2 of your groups are named "hikers"/);
  });

  it("add takes friends, role only admin or member, and mute says what muting does", async () => {
    const calls = serve({
      "GET /v1/friends": { friends },
      [`POST /v1/groups/${GID}/members`]: { group: { groupId: GID, name: "hikers", memberCount: 4 } },
      [`PUT /v1/groups/${GID}/mute`]: { groupId: GID, muted: true },
    });
    const added = run(["add", GID, "bobby,carol"]);
    await added.done;
    expect(added.out).toEqual([`Added bobby, carol. "hikers" (${GID}) has 4 members.`]);
    expect(calls.bodies[1]).toEqual({ uids: [BOB, CAROL] });
    await expect(run(["role", GID, String(BOB), "boss"]).done).rejects.toMatchObject({ exitCode: EXIT.USAGE });
    const muted = run(["mute", GID]);
    await muted.done;
    expect(calls.bodies.at(-1)).toEqual({ muted: true });
    expect(muted.out[0]).toContain("@mentions of you still count");
  });

  it("explains group refusals with what to do", () => {
    const say = (code: string) => explain(new QChatError(code, 404, code), API);
    expect(say("INVITE_INVALID")).toEqual({
      message:
        "this invite token is unknown, expired or revoked: ask a member for a new one (`npm run cli -- group invite <group>`). (INVITE_INVALID)",
      exitCode: EXIT.FAILED,
    });
    expect(say("GROUP_NOT_FOUND").message).toContain("group list");
    const forbidden = explain(new QChatError("GROUP_FORBIDDEN", 403, "the owner must transfer ownership before leaving"), API);
    expect(forbidden.message).toMatch(/^the owner must transfer ownership before leaving; your role .* group members <group>/);
  });
});
