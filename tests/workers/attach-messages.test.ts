// Attachments on 1:1 messages: a send with `fileId` carries the file's metadata to the recipient,
// into the owner's log, MySQL and history; only the sender's own file is accepted; retries compare
// the file too; fileAccess answers for the participants only; a recall drops the file.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conversationOwner } from "../../durable-objects/user-session/conversation-log";
import { migrate, SCHEMA_VERSION } from "../../durable-objects/user-session/storage";
import { messages } from "../../schema";
import { markFileDeleted, newFileId, storedPng } from "./attach-fixtures";
import { friendPair, inUserObject, userStub, waitFor } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { memberSocket, msgId } from "./group-member-fixtures";
import { call } from "./helpers";
import { testDb, writeBehindDrained } from "./mysql-rows";

/** A friend pair ordered so that `sender` is not the conversation's owner (the costlier path, through acceptMessage). */
async function pair() {
  const [a, b] = await friendPair();
  const [owner, sender] = conversationOwner(a.id, b.id) === a.id ? [a, b] : [b, a];
  return { owner, sender };
}

const mysqlRow = async (messageId: string) => (await testDb().select().from(messages).where(eq(messages.id, messageId)))[0];

describe("1:1 attachments", () => {
  it("carries the file's metadata to the recipient, the sender's devices, MySQL and history", async () => {
    const { owner: recipient, sender } = await pair();
    const file = await storedPng(sender.id);
    const [ss, sr] = await Promise.all([memberSocket(sender), memberSocket(recipient)]);
    const sent = await ss.request({ type: "send", to: recipient.id, clientMsgId: msgId(), body: "look", fileId: file.id });
    expect(sent).toMatchObject({ type: "sent", to: recipient.id });
    const received = await sr.nextEvent("message", (e) => e.message.messageId === sent.messageId);
    expect(received.message).toMatchObject({ from: sender.id, body: "look", file });
    expect((await ss.nextEvent("message", (e) => e.message.messageId === sent.messageId)).message.file).toEqual(file);
    // At once, from the owner's log or MySQL, whichever answers.
    const early = await call("GET", `/v1/conversations/${sender.id}/messages`, { token: recipient.token });
    expect(early.body.messages[0]).toMatchObject({ messageId: sent.messageId, file });
    await writeBehindDrained(sender.id, recipient.id);
    expect(await mysqlRow(sent.messageId)).toMatchObject({ fileId: file.id, body: "look", status: expect.any(String) });
    // MySQL answers once nothing is queued: the file comes from the files table.
    const stored = await call("GET", `/v1/conversations/${recipient.id}/messages`, { token: sender.token });
    expect(stored.body.messages[0]).toMatchObject({ messageId: sent.messageId, body: "look", file });
    const list = await call("GET", "/v1/conversations", { token: recipient.token });
    expect(list.body.conversations[0].lastMessage).toMatchObject({ messageId: sent.messageId, file });
    ss.close();
    sr.close();
  });

  it("takes an empty body with a file, and refuses an empty body without one (INVALID_FRAME)", async () => {
    const { owner: sender, sender: recipient } = await pair();
    const file = await storedPng(sender.id, "only-a-picture.png");
    const [ss, sr] = await Promise.all([memberSocket(sender), memberSocket(recipient)]);
    const sent = await ss.request({ type: "send", to: recipient.id, clientMsgId: msgId(), body: "", fileId: file.id });
    expect(sent).toMatchObject({ type: "sent" });
    expect((await sr.nextEvent("message", (e) => e.message.messageId === sent.messageId)).message).toMatchObject({ body: "", file });
    const empty = await ss.request({ type: "send", to: recipient.id, clientMsgId: msgId(), body: "" });
    expect(empty).toMatchObject({ type: "error", code: "INVALID_FRAME" });
    ss.close();
    sr.close();
  });

  it("refuses someone else's file, an unknown one and a deleted one with FILE_NOT_FOUND, storing nothing", async () => {
    const { owner, sender } = await pair();
    const theirs = await storedPng(owner.id);
    const deleted = await storedPng(sender.id);
    await markFileDeleted(deleted.id);
    const ss = await memberSocket(sender);
    for (const fileId of [theirs.id, newFileId(), deleted.id]) {
      const reply = await ss.request({ type: "send", to: owner.id, clientMsgId: msgId(), body: "x", fileId });
      expect(reply).toMatchObject({ type: "error", code: "FILE_NOT_FOUND" });
    }
    const history = await call("GET", `/v1/conversations/${owner.id}/messages`, { token: sender.token });
    expect(history.body.messages).toEqual([]);
    ss.close();
  });

  it("answers a retry with the same file with the same ack, and another file with CLIENT_MSG_ID_REUSED", async () => {
    const { owner, sender } = await pair();
    const [one, two] = await Promise.all([storedPng(sender.id), storedPng(sender.id)]);
    const ss = await memberSocket(sender);
    const clientMsgId = msgId();
    const first = await ss.request({ type: "send", to: owner.id, clientMsgId, body: "same", fileId: one.id });
    const again = await ss.request({ type: "send", to: owner.id, clientMsgId, body: "same", fileId: one.id });
    expect({ ...again, id: first.id }).toEqual(first);
    const other = await ss.request({ type: "send", to: owner.id, clientMsgId, body: "same", fileId: two.id });
    expect(other).toMatchObject({ type: "error", code: "CLIENT_MSG_ID_REUSED" });
    const none = await ss.request({ type: "send", to: owner.id, clientMsgId, body: "same" });
    expect(none).toMatchObject({ type: "error", code: "CLIENT_MSG_ID_REUSED" });
    // The owner compares the file too, when the sender's index has no answer (e.g. pruned).
    await inUserObject(sender.id, (sql) => sql.exec("DELETE FROM sent_index"));
    const atOwner = await ss.request({ type: "send", to: owner.id, clientMsgId, body: "same", fileId: two.id });
    expect(atOwner).toMatchObject({ type: "error", code: "CLIENT_MSG_ID_REUSED" });
    ss.close();
  });

  it("lets the participants download (fileAccess) and nobody else; a recall takes the file off history", async () => {
    const { owner, sender } = await pair();
    const stranger = await member("fs");
    const file = await storedPng(sender.id);
    const [ss, so] = await Promise.all([memberSocket(sender), memberSocket(owner)]);
    const sent = await ss.request({ type: "send", to: owner.id, clientMsgId: msgId(), body: "soon gone", fileId: file.id });
    await so.nextEvent("message", (e) => e.message.messageId === sent.messageId);
    const ownerObject = userStub(owner.id);
    expect(await ownerObject.fileAccess(sender.id, file.id)).toBe(true);
    expect(await ownerObject.fileAccess(owner.id, file.id)).toBe(true);
    expect(await ownerObject.fileAccess(stranger.id, file.id)).toBe(false);
    expect(await ownerObject.fileAccess(sender.id, newFileId())).toBe(false);

    expect(await ss.request({ type: "recall", messageId: sent.messageId })).toMatchObject({ type: "ok" });
    await so.nextEvent("recall", (e) => e.messageId === sent.messageId);
    expect(await ownerObject.fileAccess(owner.id, file.id)).toBe(false);
    const early = await call("GET", `/v1/conversations/${sender.id}/messages`, { token: owner.token });
    expect(early.body.messages[0]).toMatchObject({ messageId: sent.messageId, status: "recalled", body: null });
    expect(early.body.messages[0].file).toBeUndefined();
    await writeBehindDrained(sender.id, owner.id);
    // MySQL keeps the reference (the clean-up finds the file by it); history shows none.
    expect(await mysqlRow(sent.messageId)).toMatchObject({ fileId: file.id, body: null, status: "recalled" });
    const stored = await call("GET", `/v1/conversations/${sender.id}/messages`, { token: owner.token });
    expect(stored.body.messages[0]).toMatchObject({ messageId: sent.messageId, status: "recalled", body: null });
    expect(stored.body.messages[0].file).toBeUndefined();
    ss.close();
    so.close();
  });
});

describe("object schema version 4", () => {
  it("adds the file column to an older object's log, keeping its rows", async () => {
    const { owner, sender } = await pair();
    const ss = await memberSocket(sender);
    const sent = await ss.request({ type: "send", to: owner.id, clientMsgId: msgId(), body: "before files" });
    ss.close();
    await inUserObject(owner.id, (sql, state) => {
      // Back to version 3: conv_log without `file`.
      sql.exec("DROP INDEX conv_log_file");
      sql.exec("ALTER TABLE conv_log DROP COLUMN file");
      sql.exec("UPDATE kv SET value = '3' WHERE key = 'schema_version'");
      migrate(state.storage);
      expect(sql.exec("SELECT value FROM kv WHERE key = 'schema_version'").one().value).toBe(String(SCHEMA_VERSION));
      expect(sql.exec("SELECT message_id, body, file FROM conv_log").toArray()).toEqual([
        { message_id: sent.messageId, body: "before files", file: null },
      ]);
      // Run again with the version set back: the column exists, the step skips it.
      sql.exec("UPDATE kv SET value = '3' WHERE key = 'schema_version'");
      migrate(state.storage);
      expect(sql.exec("SELECT COUNT(*) AS n FROM pragma_table_info('conv_log') WHERE name = 'file'").one().n).toBe(1);
    });
    await waitFor(async () => (await userStub(owner.id).stats()).mysqlBacklog === 0);
  });
});
