// `npm run cli -- account export|delete` without a server: the routes called, what is saved and
// printed, and that nothing is deleted without the right username typed, against a scripted fetch.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../cli/args";
import { account } from "../../cli/commands/account";
import type { Flags } from "../../cli/context";
import { CliError, EXIT } from "../../cli/errors";
import { loadSession, sessionPath } from "../../cli/session-store";
import { runCli, serveRoutes, useSignedInCli } from "./cli-signed-in";
import { ALICE } from "./client-fake-socket";

const exported = {
  format: "qchat-export/1",
  exportedAt: "2026-11-30T10:00:00.000Z",
  profile: {
    id: ALICE,
    username: "alice",
    email: "alice@example.test",
    nickname: "Alice",
    avatarUrl: null,
    bio: "",
    sex: "unknown",
    createdAt: "2026-11-01T00:00:00.000Z",
  },
  friends: [],
  friendRequests: [],
  blocked: [],
  groups: [],
  conversations: [
    {
      peerId: 222222222,
      messages: [{ messageId: "m1", seq: 1, from: ALICE, body: "hi", sentAt: "2026-11-30T09:00:00.000Z", recalledAt: null }],
    },
  ],
  groupMessages: [],
  files: [],
};

const run = (args: string[], flags: Flags = {}) => runCli(account, args, flags);
const configDir = useSignedInCli("qchat-cli-account-");

describe("account commands", () => {
  it("export saves the document to --out and never overwrites a file", async () => {
    const calls = serveRoutes({ "GET /v1/me/export": { body: exported } });
    const target = join(configDir(), "mine.json");
    const { out, done } = run(["export"], { out: target });
    await done;
    expect([...calls]).toEqual(["GET /v1/me/export"]);
    expect(JSON.parse(readFileSync(target, "utf8"))).toEqual(exported);
    expect(out[0]).toContain(`Saved your data to ${target}`);
    expect(out[0]).toContain("1 messages");
    // -o (as for download) names the file too.
    const again = run(["export"], { output: target });
    await expect(again.done).rejects.toMatchObject({ exitCode: EXIT.FAILED });
  });

  it("delete asks the server with the password once the username matches, then forgets the session", async () => {
    const removed = { friendships: 2, friendRequests: 1, blocks: 0, groupsLeft: 1, files: 3, sessions: 2 };
    const calls = serveRoutes({ "POST /v1/me/delete": { body: { deleted: true, removed } } });
    const { out, done } = run(["delete"], { password: "pw 123456", username: "alice" });
    await done;
    expect([...calls]).toEqual(["POST /v1/me/delete"]);
    expect(calls.bodies[0]).toEqual({ password: "pw 123456" });
    expect(out.at(-1)).toContain("Deleted alice: 2 friendships, 1 friend requests, 0 blocks, 1 groups left, 3 files, 2 sessions.");
    expect(loadSession(sessionPath(undefined))).toBeUndefined();
  });

  it("delete does nothing when the typed username does not match", async () => {
    const calls = serveRoutes({});
    const { done } = run(["delete"], { password: "pw 123456", username: "alicia" });
    await expect(done).rejects.toBeInstanceOf(CliError);
    expect([...calls]).toEqual([]);
    expect(existsSync(sessionPath(undefined))).toBe(true);
  });

  it("delete with a wrong password says nothing was deleted and keeps the session", async () => {
    serveRoutes({ "POST /v1/me/delete": { status: 401, body: { error: { code: "INVALID_CREDENTIALS", message: "wrong password" } } } });
    const { done } = run(["delete"], { password: "nope", username: "alice" });
    await expect(done).rejects.toThrow("nothing was deleted");
    expect(loadSession(sessionPath(undefined))).toBeDefined();
  });

  it("an unknown subcommand is a usage error", async () => {
    serveRoutes({});
    await expect(run(["purge"]).done).rejects.toMatchObject({ exitCode: EXIT.USAGE });
  });

  it("the command line takes --out for account export", () => {
    expect(parseCommandLine(["account", "export", "--out", "me.json"])).toMatchObject({
      command: "account",
      args: ["export"],
      flags: { out: "me.json" },
    });
  });
});
