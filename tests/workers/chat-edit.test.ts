import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { groupMessages, messages } from "../../schema";
import { member } from "./friends-fixtures";
import { runInGroup } from "./group-fixtures";
import { groupOfThree } from "./group-member-fixtures";
import { call } from "./helpers";
import { testDb } from "./mysql-rows";
import { connect, friendPair, inUserObject, waitFor } from "./chat-fixtures";

async function historyOf(token: string, peerId: number) {
  const res = await call("GET", `/v1/conversations/${peerId}/messages`, { token });
  expect(res.status).toBe(200);
  return res.body.messages as { messageId: string; body: string | null; editedAt?: string; status: string }[];
}

describe("edit", () => {
  it("replaces the text on every device of both sides and in history (owner's log, then MySQL)", async () => {
    const [a, b] = await friendPair();
    // Both directions: one of them is sent to the conversation's owner, the other by it.
    for (const [sender, recipient] of [
      [a, b],
      [b, a],
    ] as const) {
      const [cs, cs2, cr] = await Promise.all([connect(sender), connect(sender, "second"), connect(recipient)]);
      const m = await cs.send(recipient.id, "helo");
      await cr.nextEvent("message", (e) => e.message.messageId === m.messageId);
      await cs.edit(m.messageId, "hello");
      for (const c of [cs, cs2, cr])
        expect(await c.nextEvent("edit", (e) => e.messageId === m.messageId)).toMatchObject({
          messageId: m.messageId,
          seq: m.seq,
          body: "hello",
          conversation: expect.any(String),
          editedAt: expect.any(String),
        });
      // Written behind to MySQL: history from MySQL shows the new text and editedAt, not the old text.
      await waitFor(
        async () => {
          const [row] = await testDb().select().from(messages).where(eq(messages.id, m.messageId));
          return row?.body === "hello" && row.editedAt !== null;
        },
        10_000,
        "the edit in MySQL",
      );
      for (const [token, peer] of [
        [sender.token, recipient.id],
        [recipient.token, sender.id],
      ] as const) {
        const entry = (await historyOf(token, peer)).find((h) => h.messageId === m.messageId)!;
        expect(entry).toMatchObject({ body: "hello", editedAt: expect.any(String) });
      }
      for (const c of [cs, cs2, cr]) c.close();
    }
  });

  it("refuses someone else's message, a recalled one, and after the window", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const cb = await connect(b);
    // hello tells clients the window, so they offer Edit only within it (EDIT_WINDOW_SECONDS, 900 here).
    expect(ca.hello?.editWindowSeconds).toBe(900);
    const m = await ca.send(b.id, "mine");
    await cb.nextEvent("message");
    await expect(cb.edit(m.messageId, "theirs now")).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
    await expect(ca.edit("no-such-message", "x")).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
    // Past the 15-minute window, measured on the server's clock in the owner's log.
    const late = await ca.send(b.id, "old");
    const owner = Math.min(a.id, b.id);
    await inUserObject(owner, (sql) =>
      sql.exec("UPDATE conv_log SET sent_at = sent_at - 16 * 60_000 WHERE message_id = ?", late.messageId),
    );
    await expect(ca.edit(late.messageId, "new")).rejects.toMatchObject({ code: "EDIT_WINDOW_PASSED" });
    const gone = await ca.send(b.id, "recall me");
    await ca.recall(gone.messageId);
    await expect(ca.edit(gone.messageId, "back")).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
    const history = await historyOf(a.token, b.id);
    expect(history.find((h) => h.messageId === m.messageId)).toMatchObject({ body: "mine" });
    expect(history.find((h) => h.messageId === m.messageId)?.editedAt).toBeUndefined();
    expect(history.find((h) => h.messageId === late.messageId)).toMatchObject({ body: "old" });
    ca.close();
    cb.close();
  });

  it("edits a group message for every member; only its sender, within the window", async () => {
    const { owner, b, c, group } = await groupOfThree();
    const outsider = await member("out");
    const [co, cb, cc, cx] = await Promise.all([connect(owner), connect(b), connect(c), connect(outsider)]);
    const m = await co.sendToGroup(group.groupId, "grup");
    await cb.nextEvent("group_message", (e) => e.message.messageId === m.messageId);
    await co.editInGroup(group.groupId, m.messageId, "group");
    for (const x of [co, cb, cc])
      expect(await x.nextEvent("group_edit", (e) => e.messageId === m.messageId)).toMatchObject({
        groupId: group.groupId,
        seq: m.seq,
        body: "group",
        editedAt: expect.any(String),
      });
    await waitFor(
      async () => {
        const [row] = await testDb().select().from(groupMessages).where(eq(groupMessages.messageId, m.messageId));
        return row?.body === "group" && row.editedAt !== null;
      },
      10_000,
      "the group edit in MySQL",
    );
    const res = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: c.token });
    expect(res.body.entries.find((e: { messageId: string }) => e.messageId === m.messageId)).toMatchObject({
      body: "group",
      editedAt: expect.any(String),
    });
    await expect(cb.editInGroup(group.groupId, m.messageId, "mine now")).rejects.toMatchObject({ code: "GROUP_FORBIDDEN" });
    await expect(cx.editInGroup(group.groupId, m.messageId, "hi")).rejects.toMatchObject({ code: "GROUP_NOT_FOUND" });
    await runInGroup(group.groupId, (sql) => sql.exec("UPDATE log SET at = at - 16 * 60_000 WHERE message_id = ?", m.messageId));
    await expect(co.editInGroup(group.groupId, m.messageId, "late")).rejects.toMatchObject({ code: "EDIT_WINDOW_PASSED" });
    const gone = await co.sendToGroup(group.groupId, "recall me");
    await co.recallInGroup(group.groupId, gone.messageId);
    await expect(co.editInGroup(group.groupId, gone.messageId, "back")).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
    for (const x of [co, cb, cc, cx]) x.close();
  });
});
