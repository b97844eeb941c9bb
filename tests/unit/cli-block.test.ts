// `npm run cli -- block|unblock|blocked` without a server: the routes called (a username looked up
// first), what is printed, and usage errors, against a scripted fetch and a saved session.
import { describe, expect, it } from "vitest";
import { block, blocked, unblock } from "../../cli/commands/blocks";
import { CliError, EXIT } from "../../cli/errors";
import { runCli, serveRoutes, useSignedInCli } from "./cli-signed-in";
import { BOB } from "./client-fake-socket";

const bob = { id: BOB, username: "bob", nickname: "Bob", avatarUrl: null, bio: "" };

useSignedInCli("qchat-cli-block-");

describe("block commands", () => {
  it("block looks a username up, blocks by id and says it is not told", async () => {
    const calls = serveRoutes({
      "GET /v1/users/search": { body: { users: [bob], nextCursor: null } },
      "POST /v1/blocks": { status: 201, body: { block: { user: bob, blockedAt: "2026-11-30T10:00:00.000Z" } } },
    });
    const { out, done } = runCli(block, ["bob"]);
    await done;
    expect([...calls]).toEqual(["GET /v1/users/search", "POST /v1/blocks"]);
    expect(calls.bodies[1]).toEqual({ uid: BOB });
    expect(out[0]).toContain("Blocked bob (Bob)");
    expect(out[0]).toContain("not told");
    expect(out[1]).toContain(`unblock ${BOB}`);
  });

  it("unblock by id calls DELETE /v1/blocks/:uid", async () => {
    const calls = serveRoutes({ [`DELETE /v1/blocks/${BOB}`]: { body: { ok: true } } });
    const { out, done } = runCli(unblock, [String(BOB)]);
    await done;
    expect([...calls]).toEqual([`DELETE /v1/blocks/${BOB}`]);
    expect(out[0]).toContain(`Unblocked ${BOB}`);
  });

  it("blocked lists the people blocked, or says there are none", async () => {
    serveRoutes({ "GET /v1/blocks": { body: { blocks: [{ user: bob, blockedAt: "2026-11-30T10:00:00.000Z" }] } } });
    const listed = runCli(blocked, []);
    await listed.done;
    expect(listed.out).toEqual([`${BOB}  bob (Bob)  (since 2026-11-30)`]);
    serveRoutes({ "GET /v1/blocks": { body: { blocks: [] } } });
    const empty = runCli(blocked, []);
    await empty.done;
    expect(empty.out).toEqual(["You block nobody."]);
  });

  it("block and unblock without a user are usage errors (exit 2)", async () => {
    for (const command of [block, unblock]) {
      const err = await runCli(command, []).done.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(EXIT.USAGE);
    }
  });
});
