// `npm run cli -- search-messages` without a server: the request sent, each hit printed as
// `[time] <conversation> <sender>: <body>`, the next page's command, and usage errors.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { searchMessages, stamp } from "../../cli/commands/search";
import type { Context, Flags } from "../../cli/context";
import { CliError, EXIT } from "../../cli/errors";
import { sessionPath } from "../../cli/session-store";
import { signedInCli } from "./cli-signed-in";
import { ALICE, BOB } from "./client-fake-socket";

const API = "http://qchat.test";
const CAROL = 603918274;
const bob = { id: BOB, username: "bob", nickname: "Bob", avatarUrl: null, bio: "", alias: "", presence: "online" };
const carol = { id: CAROL, username: "carol", nickname: "carol", avatarUrl: null, bio: "" };
const GROUP = "g0123456789abcdefghij";

/** Replies by "METHOD path"; every call's full URL is recorded. */
function serve(routes: Record<string, { status?: number; body: unknown }>) {
  const urls: URL[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const parsed = new URL(url);
    urls.push(parsed);
    const reply = routes[`${init.method} ${parsed.pathname}`];
    if (!reply) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: parsed.pathname } }), { status: 404 });
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200 });
  });
  return urls;
}

function run(args: string[], flags: Flags = {}) {
  const out: string[] = [];
  const ctx: Context = { api: API, apiChosen: false, sessionPath: sessionPath(undefined), flags, args, out: (line = "") => out.push(line) };
  return { out, done: searchMessages(ctx) };
}

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

let dir: string;
beforeEach(() => {
  dir = signedInCli(API, "qchat-cli-search-");
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("search-messages", () => {
  it("prints each hit with its time, conversation and sender, and the command for the next page", async () => {
    const urls = serve({
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
    const urls = serve({ "GET /v1/search/messages": { body: { hits: [], nextCursor: null } } });
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
    serve({
      "GET /v1/search/messages": {
        status: 400,
        body: { error: { code: "QUERY_TOO_SHORT", message: "search for at least one word of 3 or more characters" } },
      },
    });
    await expect(run(["hi"]).done).rejects.toMatchObject({ code: "QUERY_TOO_SHORT" });
  });
});
