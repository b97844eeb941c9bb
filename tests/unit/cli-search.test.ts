// `npm run cli -- search-messages` without a server: the request sent, each hit printed as
// `[time] <conversation> <sender>: <body>`, the next page's command, and usage errors.
import { describe, expect, it } from "vitest";
import { searchMessages, stamp } from "../../cli/commands/search";
import type { Flags } from "../../cli/context";
import { CliError, EXIT } from "../../cli/errors";
import { runCli, serveRoutes, useSignedInCli } from "./cli-signed-in";
import { ALICE, BOB } from "./client-fake-socket";

const CAROL = 603918274;
const bob = { id: BOB, username: "bob", nickname: "Bob", avatarUrl: null, bio: "", alias: "", presence: "online" };
const carol = { id: CAROL, username: "carol", nickname: "carol", avatarUrl: null, bio: "" };
const GROUP = "g0123456789abcdefghij";

const run = (args: string[], flags: Flags = {}) => runCli(searchMessages, args, flags);

const hits = [
  { kind: "direct", messageId: "m2", peerId: BOB, seq: 7, from: ALICE, body: "the walrus\nsings", sentAt: "2026-11-30T10:05:00.000Z" },
  {
    kind: "group",
    messageId: "m1",
    groupId: GROUP,
    seq: 3,
    from: CAROL,
    body: "walrus!",
    sentAt: "2026-11-29T08:00:00.000Z",
    editedAt: "2026-11-29T08:01:00.000Z",
  },
];

useSignedInCli("qchat-cli-search-");

describe("search-messages", () => {
  it("prints each hit with its time, conversation and sender, and the command for the next page", async () => {
    const { urls } = serveRoutes({
      "GET /v1/search/messages": { body: { hits, nextCursor: "CURSOR1" } },
      "GET /v1/friends": { body: { friends: [bob] } },
      "GET /v1/groups": { body: { groups: [{ groupId: GROUP, name: "zoo" }] } },
      "GET /v1/users": { body: { users: [carol], deleted: [] } },
    });
    const { out, done } = run(["walrus", "song"], { limit: "2" });
    await done;
    const search = urls.find((u) => u.pathname === "/v1/search/messages")!;
    expect(Object.fromEntries(search.searchParams)).toEqual({ q: "walrus song", limit: "2" });
    expect(out).toEqual([
      `[${stamp(hits[0]!.sentAt)}] bob (Bob) you: the walrus sings`,
      `[${stamp(hits[1]!.sentAt)}] #zoo carol: walrus! (edited)`,
      "more: npm run cli -- search-messages 'walrus song' --limit 2 --more CURSOR1",
    ]);
  });

  it("passes --more as the cursor and says when nothing (more) matches", async () => {
    const { urls } = serveRoutes({ "GET /v1/search/messages": { body: { hits: [], nextCursor: null } } });
    const more = run(["walrus"], { more: "CURSOR1" });
    await more.done;
    expect(urls[0]!.searchParams.get("cursor")).toBe("CURSOR1");
    expect(more.out).toEqual(["No more messages match."]);
    const none = run(["walrus"]);
    await none.done;
    expect(none.out).toEqual(['No messages match "walrus".']);
  });

  it("is a usage error (exit 2) without words or with a bad --limit; the server's QUERY_TOO_SHORT is passed on", async () => {
    for (const [args, flags] of [
      [[], {}],
      [["walrus"], { limit: "0" }],
      [["walrus"], { limit: "many" }],
    ] as const) {
      const err = await run([...args], flags).done.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(EXIT.USAGE);
    }
    serveRoutes({
      "GET /v1/search/messages": {
        status: 400,
        body: { error: { code: "QUERY_TOO_SHORT", message: "search for at least one word of 3 or more characters" } },
      },
    });
    await expect(run(["hi"]).done).rejects.toMatchObject({ code: "QUERY_TOO_SHORT" });
  });
});
