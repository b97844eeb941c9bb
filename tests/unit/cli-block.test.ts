// `npm run cli -- block|unblock|blocked` without a server: the routes called (a username looked up
// first), what is printed, and usage errors, against a scripted fetch and a saved session.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { block, blocked, unblock } from "../../cli/commands/blocks";
import type { Context } from "../../cli/context";
import { CliError, EXIT } from "../../cli/errors";
import { sessionPath } from "../../cli/session-store";
import { signedInCli } from "./cli-signed-in";
import { BOB } from "./client-fake-socket";

const API = "http://qchat.test";
const bob = { id: BOB, username: "bob", nickname: "Bob", avatarUrl: null, bio: "" };

/** Replies by "METHOD path"; every call and JSON body is recorded. */
function serve(routes: Record<string, { status?: number; body: unknown }>) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const { pathname } = new URL(url);
    calls.push(`${init.method} ${pathname}`);
    bodies.push(typeof init.body === "string" ? JSON.parse(init.body) : undefined);
    const reply = routes[`${init.method} ${pathname}`];
    if (!reply) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: pathname } }), { status: 404 });
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200 });
  });
  return Object.assign(calls, { bodies });
}

function run(command: (ctx: Context) => Promise<void>, args: string[]) {
  const out: string[] = [];
  const ctx: Context = {
    api: API,
    apiChosen: false,
    sessionPath: sessionPath(undefined),
    flags: {},
    args,
    out: (line = "") => out.push(line),
  };
  return { out, done: command(ctx) };
}

let dir: string;
beforeEach(() => {
  dir = signedInCli(API, "qchat-cli-block-");
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("block commands", () => {
  it("block looks a username up, blocks by id and says it is not told", async () => {
    const calls = serve({
      "GET /v1/users/search": { body: { users: [bob], nextCursor: null } },
      "POST /v1/blocks": { status: 201, body: { block: { user: bob, blockedAt: "2026-11-30T10:00:00.000Z" } } },
    });
    const { out, done } = run(block, ["bob"]);
    await done;
    expect([...calls]).toEqual(["GET /v1/users/search", "POST /v1/blocks"]);
    expect(calls.bodies[1]).toEqual({ uid: BOB });
    expect(out[0]).toContain("Blocked bob (Bob)");
    expect(out[0]).toContain("not told");
    expect(out[1]).toContain(`unblock ${BOB}`);
  });

  it("unblock by id calls DELETE /v1/blocks/:uid", async () => {
    const calls = serve({ [`DELETE /v1/blocks/${BOB}`]: { body: { ok: true } } });
    const { out, done } = run(unblock, [String(BOB)]);
    await done;
    expect([...calls]).toEqual([`DELETE /v1/blocks/${BOB}`]);
    expect(out[0]).toContain(`Unblocked ${BOB}`);
  });

  it("blocked lists the people blocked, or says there are none", async () => {
    serve({ "GET /v1/blocks": { body: { blocks: [{ user: bob, blockedAt: "2026-11-30T10:00:00.000Z" }] } } });
    const listed = run(blocked, []);
    await listed.done;
    expect(listed.out).toEqual([`${BOB}  bob (Bob)  (since 2026-11-30)`]);
    serve({ "GET /v1/blocks": { body: { blocks: [] } } });
    const empty = run(blocked, []);
    await empty.done;
    expect(empty.out).toEqual(["You block nobody."]);
  });

  it("block and unblock without a user are usage errors (exit 2)", async () => {
    for (const command of [block, unblock]) {
      const err = await run(command, []).done.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(EXIT.USAGE);
    }
  });
});
