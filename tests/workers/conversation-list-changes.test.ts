import { describe, expect, it } from "vitest";
import type { ConversationsReply } from "../../protocol/history";
import { call } from "./helpers";
import { connect, friendPair, waitFor } from "./chat-fixtures";
import type { Member } from "./friends-fixtures";
import { groupOfThree } from "./group-member-fixtures";

async function list(m: Member): Promise<ConversationsReply> {
  const res = await call("GET", "/v1/conversations", { token: m.token });
  expect(res.status).toBe(200);
  return res.body as ConversationsReply;
}

const lastWith = async (m: Member, peerId: number) => (await list(m)).conversations.find((c) => c.peerId === peerId)?.lastMessage;
const groupIn = async (m: Member, groupId: string) => (await list(m)).groups.find((g) => g.groupId === groupId);

describe("conversation list after edits and hides", () => {
  it("1:1: shows an edit, the newest shown message after a hide, and leaves out a conversation hidden whole", async () => {
    const [a, b] = await friendPair();
    const [ca, cb] = await Promise.all([connect(a), connect(b)]);
    const m1 = await ca.send(b.id, "first");
    const m2 = await ca.send(b.id, "secnd");
    await ca.edit(m2.messageId, "second");
    for (const [who, peer] of [
      [a, b],
      [b, a],
    ] as const)
      await waitFor(async () => (await lastWith(who, peer.id))?.body === "second", 10_000, "the edit in the list");
    expect(await lastWith(a, b.id)).toMatchObject({ messageId: m2.messageId, editedAt: expect.any(String) });

    // Hidden by one side: they see the message before it; the other side still sees it.
    await ca.hide({ peerId: b.id }, m2.messageId);
    await ca.nextEvent("hidden");
    expect(await lastWith(a, b.id)).toMatchObject({ messageId: m1.messageId, body: "first" });
    expect(await lastWith(b, a.id)).toMatchObject({ messageId: m2.messageId });
    await ca.hide({ peerId: b.id }, m1.messageId);
    await ca.nextEvent("hidden", (e) => e.messageId === m1.messageId);
    expect(await lastWith(a, b.id)).toBeUndefined();

    // A new message brings it back; hiding the whole conversation leaves it out again.
    const m3 = await cb.send(a.id, "third");
    await waitFor(async () => (await lastWith(a, b.id))?.messageId === m3.messageId, 10_000, "the new message in the list");
    await ca.hide({ peerId: b.id });
    await ca.nextEvent("hidden", (e) => e.upToSeq !== undefined);
    expect(await lastWith(a, b.id)).toBeUndefined();
    expect(await lastWith(b, a.id)).toMatchObject({ messageId: m3.messageId });
    ca.close();
    cb.close();
  });

  it("groups: shows an edit, the newest shown message after a hide, and leaves out a group hidden whole", async () => {
    const { owner, b, group } = await groupOfThree();
    const [co, cb] = await Promise.all([connect(owner), connect(b)]);
    const g1 = await co.sendToGroup(group.groupId, "one");
    const g2 = await co.sendToGroup(group.groupId, "tow");
    await co.editInGroup(group.groupId, g2.messageId, "two");
    await cb.nextEvent("group_edit", (e) => e.messageId === g2.messageId);
    for (const who of [owner, b])
      expect((await groupIn(who, group.groupId))?.lastMessage).toMatchObject({
        messageId: g2.messageId,
        body: "two",
        editedAt: expect.any(String),
      });

    await cb.hide({ groupId: group.groupId }, g2.messageId);
    await cb.nextEvent("hidden");
    expect((await groupIn(b, group.groupId))?.lastMessage).toMatchObject({ messageId: g1.messageId, body: "one" });
    expect((await groupIn(owner, group.groupId))?.lastMessage).toMatchObject({ messageId: g2.messageId });

    await cb.hide({ groupId: group.groupId });
    await cb.nextEvent("hidden", (e) => e.upToSeq !== undefined);
    expect(await groupIn(b, group.groupId)).toBeUndefined();
    expect(await groupIn(owner, group.groupId)).toBeDefined();
    const g3 = await co.sendToGroup(group.groupId, "three");
    await cb.nextEvent("group_message", (e) => e.message.messageId === g3.messageId);
    expect((await groupIn(b, group.groupId))?.lastMessage).toMatchObject({ messageId: g3.messageId, body: "three" });
    co.close();
    cb.close();
  });
});
