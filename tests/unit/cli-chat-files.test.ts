// Attachments inside `chat` and `group chat`: history and live messages show
// `[file: name (size, type) id]`, a recalled message shows no file, and `/send-file <path>
// [caption]` in a group chat uploads the file (progress lines in the conversation) and sends it
// with its caption, through a scripted fetch, the fake socket server and a scripted terminal.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { splitPathAndCaption } from "../../cli/chat/chat-upload";
import { createChatView } from "../../cli/chat/chat-view";
import { createGroupView } from "../../cli/chat/group-view";
import type { Terminal } from "../../cli/chat/terminal";
import { groupChat } from "../../cli/commands/group-chat";
import { EXIT } from "../../cli/errors";
import type { HistoryMessage, StoredFile } from "../../client";
import type { Friend } from "../../protocol/events";
import { createFakeServer } from "./client-fake-server";
import { runCli, useSignedInCli } from "./cli-signed-in";
import { ALICE, BOB, hello } from "./client-fake-socket";

const GID = "g0123456789abcdefghij";
const AT = "2026-11-30T09:00:00.000Z";
const pdf: StoredFile = {
  id: "f0123456789abcdefghijklmn",
  name: "plan.pdf",
  size: 2_400_000,
  mime: "application/pdf",
  sha256: "d".repeat(64),
};
const PDF_TEXT = `[file: plan.pdf (2.3 MB, application/pdf) ${pdf.id}]`;
const bob: Friend = { id: BOB, username: "bob", nickname: "bob", avatarUrl: null, bio: "", alias: "", presence: "online" };
const strip = (lines: string[]) => lines.map((l) => l.replace(/^\d\d:\d\d:\d\d /, ""));

describe("attachments in the chat views", () => {
  it("1:1: history, a live file-only message, and a recalled one without its file", () => {
    const view = createChatView(ALICE, bob, [bob]);
    const row = (seq: number, body: string | null, status: HistoryMessage["status"], file?: StoredFile): HistoryMessage => ({
      messageId: `m${seq}`,
      conversation: `${ALICE}:${BOB}`,
      seq,
      from: BOB,
      to: ALICE,
      clientMsgId: `c${seq}`,
      body,
      file,
      status,
      sentAt: AT,
      deliveredAt: null,
      readAt: null,
      recalledAt: null,
    });
    expect(strip(view.history([row(2, null, "recalled"), row(1, "the plan", "read", pdf)]))).toEqual([
      `bob: the plan ${PDF_TEXT}  #1`,
      "bob: (recalled)  #2",
    ]);
    const live = view.event({
      eseq: 1,
      type: "message",
      message: {
        messageId: "m3",
        conversation: `${ALICE}:${BOB}`,
        seq: 3,
        from: BOB,
        to: ALICE,
        clientMsgId: "c3",
        body: "",
        file: pdf,
        sentAt: AT,
      },
    });
    expect(strip(live.lines)).toEqual([`bob: ${PDF_TEXT}  #3`]);
  });

  it("group: a caption with a mention, then the file", () => {
    const view = createGroupView({ me: ALICE, groupId: GID, names: { name: (uid) => (uid === ALICE ? "you" : "bob") } });
    const update = view.event({
      eseq: 1,
      type: "group_message",
      message: {
        messageId: "gm1",
        groupId: GID,
        seq: 1,
        from: BOB,
        clientMsgId: "b1",
        body: `@${ALICE} read this`,
        mentions: [ALICE],
        mentionsAll: false,
        file: pdf,
        sentAt: AT,
      },
    });
    expect(strip(update.lines)).toEqual([`bob: @you read this ${PDF_TEXT}  #1`]);
  });

  it("reads a quoted path with spaces and the caption after it", () => {
    expect(splitPathAndCaption(' "my cat.png"  look at her')).toEqual({ path: "my cat.png", caption: "look at her" });
    expect(splitPathAndCaption(" cat.png")).toEqual({ path: "cat.png", caption: "" });
    expect(splitPathAndCaption("   ")).toBeUndefined();
  });
});

describe("/send-file in group chat", () => {
  const configDir = useSignedInCli("qchat-chat-files-");
  beforeEach(() => {
    const replies: Record<string, unknown> = {
      [`GET /v1/groups/${GID}`]: { group: { groupId: GID, name: "hikers", memberCount: 2 }, role: "member" },
      "GET /v1/friends": { friends: [bob] },
      [`GET /v1/groups/${GID}/messages`]: { entries: [], nextBefore: null },
      [`GET /v1/groups/${GID}/members`]: { members: [ALICE, BOB].map((uid) => ({ uid, role: "member", joinedAt: AT, joinedAfterSeq: 0 })) },
    };
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      const key = `${init.method} ${new URL(url).pathname}`;
      if (key === "POST /v1/files") {
        await new Response(init.body).arrayBuffer();
        return Response.json({ file: pdf }, { status: 201 });
      }
      if (!(key in replies)) return Response.json({ error: { code: "NOT_FOUND", message: key } }, { status: 404 });
      return Response.json(replies[key]);
    });
  });

  it("uploads with progress lines, sends the file with its caption, and shows it acked", async () => {
    const dir = configDir();
    const path = join(dir, "plan.pdf");
    writeFileSync(path, new Uint8Array(300_000));
    const server = createFakeServer();
    server.hello = { ...hello, groups: [{ groupId: GID, name: "hikers", unread: 0, mentions: 0, lastSeq: 0, muted: false }] };
    const printed: string[] = [];
    let type: (line: string) => void = () => {};
    const terminal: Terminal = {
      print: (line) => void printed.push(line.replace(/^\d\d:\d\d:\d\d /, "")),
      eraseEntered: () => {},
      onLine: (handler) => void (type = handler),
      prompt: () => {},
      onEnd: () => {},
      close: () => {},
    };
    const { done: exit } = runCli((ctx) => groupChat(ctx, { terminal, openSocket: server.openSocket }), [GID]);
    const until = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
      if (!check()) throw new Error(`timed out waiting for ${what}: ${printed.join(" | ")}`);
    };
    await until(() => printed.includes("Connected."), "the connection");

    type(`/send-file ${join(dir, "missing.pdf")}`);
    await until(() => printed.some((l) => l.startsWith("! not sent: no such file")), "the refusal");
    type(`/send-file "${path}" the plan for @bob`);
    await until(() => printed.some((l) => l.endsWith("✓")), "the ack");
    expect(server.groupSends()).toEqual([
      { socket: 0, groupId: GID, clientMsgId: expect.any(String), body: `the plan for @${BOB}`, fileId: pdf.id },
    ]);
    const from = printed.findIndex((l) => l.startsWith("Uploading"));
    expect(printed[from]).toBe(`Uploading ${path} (293 KB)…`);
    expect(printed.slice(from + 1, -1).every((l) => /^ {2}\[[█░]+\] +\d+%/.test(l))).toBe(true);
    expect(printed.at(-2)).toMatch(/100%/);
    expect(printed.at(-1)).toBe(`you: the plan for @bob ${PDF_TEXT}  #1 ✓`);
    type("/quit");
    await expect(exit).resolves.toBe(EXIT.OK);
  });
});
