// `npm run cli -- group chat <group>` end to end without a server: a scripted fetch for the HTTP
// calls, the fake socket server for the chat connection and a scripted terminal. It shows history
// with read-by marks, marks unread messages read, shows a live message with the sender's name and
// a mention, sends a typed line (its @names as @<uid>) to the group and leaves on /quit once acked.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Terminal } from "../../cli/chat/terminal";
import { groupChat } from "../../cli/commands/group-chat";
import { EXIT } from "../../cli/errors";
import type { GroupHistoryEntry } from "../../client";
import { createFakeServer } from "./client-fake-server";
import { runCli, useSignedInCli } from "./cli-signed-in";
import { ALICE, BOB, hello } from "./client-fake-socket";

const GID = "g0123456789abcdefghij";
const AT = "2026-11-30T09:00:00.000Z";
const CAROL = 612345789;

const entry = (seq: number, from: number, body: string): GroupHistoryEntry => ({
  seq,
  kind: "message",
  messageId: `gm${seq}`,
  from,
  body,
  mentions: [],
  mentionsAll: false,
  change: null,
  sentAt: AT,
  recalledAt: null,
});

function scriptedTerminal() {
  const printed: string[] = [];
  let lineHandler: (line: string) => void = () => {};
  const terminal: Terminal = {
    print: (line) => void printed.push(line.replace(/^\d\d:\d\d:\d\d /, "")),
    eraseEntered: () => {},
    onLine: (handler) => void (lineHandler = handler),
    prompt: () => {},
    onEnd: () => {},
    close: () => {},
  };
  return { terminal, printed, type: (line: string) => lineHandler(line) };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

useSignedInCli("qchat-cli-group-chat-");
beforeEach(() => {
  const replies: Record<string, unknown> = {
    [`GET /v1/groups/${GID}`]: { group: { groupId: GID, name: "hikers", memberCount: 3 }, role: "member" },
    "GET /v1/friends": {
      friends: [{ id: BOB, username: "bob", nickname: "bob", avatarUrl: null, bio: "", alias: "", presence: "online" }],
    },
    [`GET /v1/groups/${GID}/messages`]: { entries: [entry(2, ALICE, "who is in?"), entry(1, BOB, "hi")], nextBefore: null },
    [`GET /v1/groups/${GID}/receipts`]: { members: 2, counts: [{ seq: 2, deliveredTo: 2, readBy: 1 }] },
    [`GET /v1/groups/${GID}/members`]: {
      members: [ALICE, BOB, CAROL].map((uid) => ({ uid, role: "member", joinedAt: AT, joinedAfterSeq: 0 })),
    },
    "GET /v1/users": { users: [{ id: CAROL, username: "carol", nickname: "carol", avatarUrl: null, bio: "" }], deleted: [] },
  };
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const key = `${init.method} ${new URL(url).pathname}`;
    if (!(key in replies)) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: key } }), { status: 404 });
    return new Response(JSON.stringify(replies[key]));
  });
});

describe("group chat command", () => {
  it("shows history and live messages, marks them read, sends typed lines and quits", async () => {
    const server = createFakeServer();
    server.hello = { ...hello, groups: [{ groupId: GID, name: "hikers", unread: 1, mentions: 0, lastSeq: 2, muted: false }] };
    for (const id of ["a", "b"]) server.seqs.set(id, 0); // the next ack gets seq 3
    const { terminal, printed, type } = scriptedTerminal();
    const { done: exit } = runCli((ctx) => groupChat(ctx, { terminal, openSocket: server.openSocket }), [GID]);

    await until(() => printed.includes("Connected."), "the connection");
    expect(printed.slice(1)).toEqual(["bob: hi  #1", "you: who is in?  #2 ✓", "         #2 read by 1 of 2", "Connected."]);
    expect(printed[0]).toContain(`alice in "hikers" (${GID}, 3 members)`);
    const reads = () => server.current.frames().filter((f) => f.type === "group_read");
    await until(() => reads().length === 1, "the read of what was unread");
    expect(reads()[0]).toMatchObject({ groupId: GID, upToSeq: 2 });

    const message = { messageId: "gm5", groupId: GID, seq: 5, from: BOB, clientMsgId: "b5", sentAt: AT };
    server.current.push({
      type: "events",
      events: [
        { eseq: 1, type: "group_message", message: { ...message, body: `@${ALICE} count me in`, mentions: [ALICE], mentionsAll: false } },
      ],
    });
    await until(() => printed.includes("bob: @you count me in  #5"), "the live message");
    await until(() => reads().length === 2, "the read of the live message");
    expect(reads()[1]).toMatchObject({ upToSeq: 5 });

    // @name of a member (a friend, or a stranger looked up) is sent as the @<uid> the server counts.
    type("@bob @Carol see you Sunday, me@example.com @nobody");
    await until(() => printed.some((l) => l.endsWith("#3 ✓")), "the ack");
    expect(server.groupSends().map((s) => [s.groupId, s.body])).toEqual([
      [GID, `@${BOB} @${CAROL} see you Sunday, me@example.com @nobody`],
    ]);
    expect(printed.at(-1)).toBe("you: @bob @carol see you Sunday, me@example.com @nobody  #3 ✓");
    type("/quit");
    await expect(exit).resolves.toBe(EXIT.OK);
  });

  it("ends with exit 1 when we are removed from the group", async () => {
    const server = createFakeServer();
    server.hello = { ...hello, groups: [{ groupId: GID, name: "hikers", unread: 0, mentions: 0, lastSeq: 2, muted: false }] };
    const { terminal, printed } = scriptedTerminal();
    const { done: exit } = runCli((ctx) => groupChat(ctx, { terminal, openSocket: server.openSocket }), [GID]);
    await until(() => printed.includes("Connected."), "the connection");
    const group = {
      groupId: GID,
      name: "hikers",
      topic: "",
      avatarUrl: null,
      ownerId: BOB,
      memberCount: 2,
      membersCanInvite: false,
      lastSeq: 3,
      createdAt: AT,
    };
    server.current.push({
      type: "events",
      events: [{ eseq: 1, type: "group_change", groupId: GID, seq: 3, by: BOB, change: { kind: "removed", uid: ALICE }, group, at: AT }],
    });
    await expect(exit).resolves.toBe(EXIT.FAILED);
    expect(printed.slice(-2)).toEqual(["* bob removed you  #3", "You are no longer in this group."]);
  });

  it("shows who is typing, and /edit and /hide act on this group", async () => {
    const server = createFakeServer();
    server.hello = { ...hello, groups: [{ groupId: GID, name: "hikers", unread: 0, mentions: 0, lastSeq: 2, muted: false }] };
    const { terminal, printed, type } = scriptedTerminal();
    const { done: exit } = runCli((ctx) => groupChat(ctx, { terminal, openSocket: server.openSocket }), [GID]);
    await until(() => printed.includes("Connected."), "the connection");
    server.current.push({ type: "typing", from: BOB, groupId: GID, expiresInMs: 5000 });
    await until(() => printed.includes("         bob is typing…"), "the typing line");

    // Our last message in the history is #2: /edit replaces its text in this group.
    const answer = (type: string) => {
      const frame = server.current.frames().findLast((f) => f.type === type) as { id: string } | undefined;
      if (frame) server.current.push({ type: "ok", id: frame.id });
      return frame;
    };
    type("/edit who is in on Sunday?");
    await until(() => answer("edit") !== undefined, "the edit frame");
    expect(server.current.frames().find((f) => f.type === "edit")).toMatchObject({
      groupId: GID,
      messageId: "gm2",
      body: "who is in on Sunday?",
    });
    type("/hide #1");
    await until(() => answer("hide") !== undefined, "the hide frame");
    expect(server.current.frames().find((f) => f.type === "hide")).toMatchObject({ groupId: GID, messageId: "gm1" });
    await until(() => printed.some((l) => l.startsWith("Hid #1 for you")), "the hide confirmed");
    type("/quit");
    await expect(exit).resolves.toBe(EXIT.OK);
  });
});
