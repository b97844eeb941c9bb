// Attachments on group messages: a group_send with `fileId` reaches every member with the file's
// metadata and lands in the group's log, MySQL and history; only the sender's own file is accepted;
// retries compare the file too; fileAccess answers for members who joined before the message; a
// recall drops the file.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GROUP_SCHEMA_VERSION, upgradeTables } from "../../durable-objects/group-room/storage";
import { groupMessages } from "../../schema";
import { markFileDeleted, newFileId, storedPng } from "./attach-fixtures";
import { waitFor } from "./chat-fixtures";
import { befriend, member } from "./friends-fixtures";
import { groupStub } from "./group-fixtures";
import { groupOfThree, memberSocket, msgId } from "./group-member-fixtures";
import { call } from "./helpers";
import { testDb } from "./mysql-rows";
import { runInDurableObject } from "cloudflare:test";

const drained = (groupId: string) =>
  waitFor(async () => (await groupStub(groupId).stats()).mysqlBacklog === 0, 20_000, "group write-behind to drain");

const mysqlEntry = async (groupId: string, messageId: string) =>
  (
    await testDb()
      .select()
      .from(groupMessages)
      .where(and(eq(groupMessages.groupId, groupId), eq(groupMessages.messageId, messageId)))
  )[0];

describe("group attachments", () => {
  it("reaches every member with the file's metadata and mentions from the body; MySQL and history have it", async () => {
    const { owner, b, c, group } = await groupOfThree("pictures");
    const file = await storedPng(b.id);
    const [sb, sc, so] = await Promise.all([memberSocket(b), memberSocket(c), memberSocket(owner)]);
    const sent = await sb.request({
      type: "group_send",
      groupId: group.groupId,
      clientMsgId: msgId(),
      body: `@${c.id} this one`,
      fileId: file.id,
    });
    expect(sent).toMatchObject({ type: "group_sent", groupId: group.groupId });
    for (const s of [sc, so, sb]) {
      const e = await s.nextEvent("group_message", (x) => x.message.messageId === sent.messageId);
      expect(e.message).toMatchObject({ from: b.id, body: `@${c.id} this one`, mentions: [c.id], file });
    }
    // An empty body with a file, and none without.
    const bare = await sb.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "", fileId: file.id });
    expect(bare).toMatchObject({ type: "group_sent" });
    expect((await sc.nextEvent("group_message", (x) => x.message.messageId === bare.messageId)).message).toMatchObject({
      body: "",
      mentions: [],
      file,
    });
    const empty = await sb.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "" });
    expect(empty).toMatchObject({ type: "error", code: "INVALID_FRAME" });

    // The conversation list shows the newest message with its file.
    await so.nextEvent("group_message", (x) => x.message.messageId === bare.messageId);
    const list = await call("GET", "/v1/conversations", { token: owner.token });
    expect(list.body.groups[0]).toMatchObject({ groupId: group.groupId, lastMessage: { messageId: bare.messageId, body: "", file } });
    const early = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: c.token });
    expect(early.body.entries.slice(0, 2)).toMatchObject([
      { messageId: bare.messageId, body: "", file },
      { messageId: sent.messageId, file },
    ]);
    await drained(group.groupId);
    expect(await mysqlEntry(group.groupId, sent.messageId)).toMatchObject({ fileId: file.id });
    const stored = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: owner.token });
    expect(stored.body.entries.slice(0, 3)).toMatchObject([
      { messageId: bare.messageId, file },
      { messageId: sent.messageId, file },
      { kind: "change" },
    ]);
    expect(stored.body.entries[2].file).toBeUndefined();
    for (const s of [sb, sc, so]) s.close();
  });

  it("refuses someone else's file, an unknown one and a deleted one with FILE_NOT_FOUND", async () => {
    const { owner, b, group } = await groupOfThree();
    const theirs = await storedPng(owner.id);
    const deleted = await storedPng(b.id);
    await markFileDeleted(deleted.id);
    const sb = await memberSocket(b);
    for (const fileId of [theirs.id, newFileId(), deleted.id]) {
      const reply = await sb.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "x", fileId });
      expect(reply).toMatchObject({ type: "error", code: "FILE_NOT_FOUND" });
    }
    const history = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: b.token });
    expect(history.body.entries.filter((e: { kind: string }) => e.kind === "message")).toEqual([]);
    sb.close();
  });

  it("answers a retry with the same file with the same message, and another file with CLIENT_MSG_ID_REUSED", async () => {
    const { b, group } = await groupOfThree();
    const [one, two] = await Promise.all([storedPng(b.id), storedPng(b.id)]);
    const sb = await memberSocket(b);
    const clientMsgId = msgId();
    const send = (fileId?: string) =>
      sb.request({ type: "group_send", groupId: group.groupId, clientMsgId, body: "same", ...(fileId ? { fileId } : {}) });
    const first = await send(one.id);
    expect({ ...(await send(one.id)), id: first.id }).toEqual(first);
    expect(await send(two.id)).toMatchObject({ type: "error", code: "CLIENT_MSG_ID_REUSED" });
    expect(await send()).toMatchObject({ type: "error", code: "CLIENT_MSG_ID_REUSED" });
    sb.close();
  });

  it("lets members who joined before the message download (fileAccess); not a removed member, a later one or a stranger", async () => {
    const { owner, b, c, group } = await groupOfThree();
    const late = await member("gl");
    const stranger = await member("gs");
    await befriend(owner, late);
    const file = await storedPng(b.id);
    const [sb, so] = await Promise.all([memberSocket(b), memberSocket(owner)]);
    const sent = await sb.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "for now", fileId: file.id });
    const room = groupStub(group.groupId);
    for (const m of [owner, b, c]) expect(await room.fileAccess(m.id, file.id)).toBe(true);
    expect(await room.fileAccess(stranger.id, file.id)).toBe(false);
    expect(await room.fileAccess(c.id, newFileId())).toBe(false);
    await call("POST", `/v1/groups/${group.groupId}/members`, { token: owner.token, body: { uids: [late.id] } });
    expect(await room.fileAccess(late.id, file.id)).toBe(false);
    expect((await call("DELETE", `/v1/groups/${group.groupId}/members/${c.id}`, { token: owner.token })).status).toBe(200);
    expect(await room.fileAccess(c.id, file.id)).toBe(false);

    // A recall: nobody may, and history shows no file (from the log, then from MySQL).
    expect(await sb.request({ type: "group_recall", groupId: group.groupId, messageId: sent.messageId })).toMatchObject({ type: "ok" });
    expect(await room.fileAccess(b.id, file.id)).toBe(false);
    await so.nextEvent("group_recall", (e) => e.messageId === sent.messageId);
    const list = await call("GET", "/v1/conversations", { token: owner.token });
    const listed = list.body.groups.find((g: { groupId: string }) => g.groupId === group.groupId);
    expect(listed.lastMessage).toMatchObject({ messageId: sent.messageId, body: null });
    expect(listed.lastMessage).not.toHaveProperty("file");
    const recalled = (entries: { messageId: string | null }[]) => entries.find((e) => e.messageId === sent.messageId);
    const early = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: owner.token });
    expect(recalled(early.body.entries)).toMatchObject({ body: null, recalledAt: expect.any(String) });
    expect(recalled(early.body.entries)).not.toHaveProperty("file");
    await drained(group.groupId);
    expect(await mysqlEntry(group.groupId, sent.messageId)).toMatchObject({ fileId: file.id, body: null });
    const stored = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: owner.token });
    expect(recalled(stored.body.entries)).toMatchObject({ body: null, recalledAt: expect.any(String) });
    expect(recalled(stored.body.entries)).not.toHaveProperty("file");
    sb.close();
    so.close();
  });

  it("gives a group created before attachments its file column when it loads, keeping its log", async () => {
    const { b, group } = await groupOfThree();
    const sb = await memberSocket(b);
    const sent = await sb.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "old times" });
    sb.close();
    await runInDurableObject(groupStub(group.groupId), (_instance, state) => {
      const sql = state.storage.sql;
      // Back to version 1: the log without `file`, no version stored.
      sql.exec("DROP INDEX log_file");
      sql.exec("ALTER TABLE log DROP COLUMN file");
      sql.exec("DELETE FROM kv WHERE key = 'schema_version'");
      upgradeTables(state.storage);
      expect(sql.exec("SELECT value FROM kv WHERE key = 'schema_version'").one().value).toBe(String(GROUP_SCHEMA_VERSION));
      expect(sql.exec("SELECT body, file FROM log WHERE message_id = ?", sent.messageId).toArray()).toEqual([
        { body: "old times", file: null },
      ]);
      expect(sql.exec("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'log_file'").one().n).toBe(1);
    });
  });
});
