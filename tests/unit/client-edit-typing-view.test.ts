// What `npm run cli -- chat` prints for edits and typing notices (cli/chat/chat-view.ts).
import { describe, expect, it } from "vitest";
import type { Friend } from "../../protocol/events";
import { createChatView } from "../../cli/chat/chat-view";
import { ALICE, BOB } from "./client-fake-socket";

const CONV = `${ALICE}:${BOB}`;
const bob: Friend = { id: BOB, username: "bob", nickname: "bob", avatarUrl: null, bio: "", alias: "Bobby", presence: "online" };

describe("chat view: edits and typing", () => {
  it("shows an edit of this conversation with its new text, and the peer typing", () => {
    const view = createChatView(ALICE, bob, [bob]);
    const edit = {
      eseq: 3,
      type: "edit" as const,
      messageId: "id1",
      conversation: CONV,
      seq: 1,
      body: "hello",
      editedAt: "2026-11-23T09:00:00.000Z",
    };
    expect(view.event(edit).lines).toEqual([expect.stringMatching(/#1 edited: hello$/)]);
    expect(view.event({ ...edit, conversation: "1:2" }).lines).toEqual([]);
    expect(view.event({ type: "typing", from: BOB, to: ALICE, expiresInMs: 5000 }).lines).toEqual([
      expect.stringMatching(/\(Bobby\) is typing…$/),
    ]);
    expect(view.event({ type: "typing", from: BOB, groupId: "g0", expiresInMs: 5000 }).lines).toEqual([]);
  });
});
