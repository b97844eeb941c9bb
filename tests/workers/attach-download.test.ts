// End to end: a file uploaded through POST /v1/files, sent in a message, downloaded by the
// recipient at once with `?in=<conversation>`, while MySQL does not have the message yet: the
// conversation's object answers for it (fileAccess). The write-behind is held back by a write
// queued ahead of the message that MySQL cannot take (removed afterwards), so "not yet in MySQL"
// is certain, not a race with the 100 ms flush.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages, groupMessages } from "../../schema";
import { friendPair, inUserObject, waitFor } from "./chat-fixtures";
import { download, png, upload } from "./files-fixtures";
import { groupStub, runInGroup } from "./group-fixtures";
import { groupOfThree, memberSocket, msgId } from "./group-member-fixtures";
import { testDb, writeBehindDrained } from "./mysql-rows";
import { conversationOwner } from "../../durable-objects/user-session/conversation-log";

/** A queued write MySQL refuses (an entry without fields): the flush fails and retries with backoff. */
const HOLD = `'{"op":"insert","message":{}}'`;
const GROUP_HOLD = `'{"op":"entry","entry":{}}'`;

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

/** A download's status, its body read (an unread body is left hanging when the file's run ends). */
async function statusOf(path: string, token: string): Promise<number> {
  const res = await download(path, { token });
  await res.arrayBuffer();
  return res.status;
}

describe("downloading an attachment before the write-behind", () => {
  it("gives the recipient the bytes with ?in=<peer> at once, and nothing once the message is recalled", async () => {
    const [a, b] = await friendPair();
    const owner = conversationOwner(a.id, b.id);
    const image = png(32, 16);
    const uploaded = await upload(a.token, image, "dot.png");
    expect(uploaded.status).toBe(201);
    const file = uploaded.body.file;
    await inUserObject(owner, (sql) => sql.exec(`INSERT INTO mysql_outbox (op, args) VALUES ('insert', ${HOLD})`));

    const [sa, sb] = await Promise.all([memberSocket(a), memberSocket(b)]);
    const sent = await sa.request({ type: "send", to: b.id, clientMsgId: msgId(), body: "", fileId: file.id });
    const arrived = await sb.nextEvent("message", (e) => e.message.messageId === sent.messageId);
    expect(arrived.message.file).toEqual(file);
    expect(await testDb().select().from(messages).where(eq(messages.id, sent.messageId))).toEqual([]);

    // MySQL knows nothing yet: without naming the conversation the recipient gets 404.
    expect(await statusOf(`/v1/files/${file.id}`, b.token)).toBe(404);
    const res = await download(`/v1/files/${file.id}?in=${a.id}`, { token: b.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(await bytesOf(res)).toEqual(image);

    // The write-behind catches up once MySQL takes its queue; then MySQL alone answers.
    await inUserObject(owner, (sql) => sql.exec(`DELETE FROM mysql_outbox WHERE args = ${HOLD}`));
    await writeBehindDrained(a.id, b.id);
    expect(await statusOf(`/v1/files/${file.id}`, b.token)).toBe(200);

    expect(await sa.request({ type: "recall", messageId: sent.messageId })).toMatchObject({ type: "ok" });
    await sb.nextEvent("recall", (e) => e.messageId === sent.messageId);
    await writeBehindDrained(a.id, b.id);
    expect(await statusOf(`/v1/files/${file.id}?in=${a.id}`, b.token)).toBe(404);
    sa.close();
    sb.close();
  });

  it("gives a group member the bytes with ?in=<groupId> at once", async () => {
    const { owner, b, group } = await groupOfThree("downloads");
    const image = png(8, 8);
    const file = (await upload(b.token, image, "tiny.png")).body.file;
    await runInGroup(group.groupId, (sql) => sql.exec(`INSERT INTO mysql_outbox (op, args) VALUES ('entry', ${GROUP_HOLD})`));
    const [sb, so] = await Promise.all([memberSocket(b), memberSocket(owner)]);
    const sent = await sb.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "", fileId: file.id });
    await so.nextEvent("group_message", (e) => e.message.messageId === sent.messageId);
    expect(await testDb().select().from(groupMessages).where(eq(groupMessages.messageId, sent.messageId))).toEqual([]);

    expect(await statusOf(`/v1/files/${file.id}`, owner.token)).toBe(404);
    const res = await download(`/v1/files/${file.id}?in=${group.groupId}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(await bytesOf(res)).toEqual(image);

    await runInGroup(group.groupId, (sql) => sql.exec(`DELETE FROM mysql_outbox WHERE args = ${GROUP_HOLD}`));
    await waitFor(async () => (await groupStub(group.groupId).stats()).mysqlBacklog === 0, 20_000, "group write-behind to drain");
    expect(await statusOf(`/v1/files/${file.id}`, owner.token)).toBe(200);
    sb.close();
    so.close();
  });
});
