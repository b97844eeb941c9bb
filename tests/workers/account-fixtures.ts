// Account export/deletion fixtures: a user with something of everything (a friend with messages
// both ways, a pending request, a block, a group with messages, an upload), and MySQL waits.
import { SELF } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { groupMessages } from "../../schema";
import { connect, friendPair, waitFor } from "./chat-fixtures";
import { pdf, upload } from "./files-fixtures";
import { member, type Member } from "./friends-fixtures";
import { createByHttp } from "./group-fixtures";
import { BASE, call } from "./helpers";
import { testDb, writeBehindDrained } from "./mysql-rows";

/** Waits until MySQL has a group message of `uid` in `groupId` (written behind the group's object). */
export async function groupMessageInMysql(groupId: string, uid: number, body: string): Promise<void> {
  await waitFor(
    async () =>
      (
        await testDb()
          .select()
          .from(groupMessages)
          .where(and(eq(groupMessages.groupId, groupId), eq(groupMessages.senderId, uid)))
      ).some((r) => r.body === body),
    20_000,
    "group message in MySQL",
  );
}

/**
 * `me` with: friend `friend` (one message each way), a pending request from `asker`, a block of
 * `blocked`, a group they own with `friend` (one message from each), and an uploaded PDF.
 */
export async function accountWithData() {
  const [me, friend] = await friendPair();
  const asker = await member("ask");
  const blocked = await member("blk");
  const sent = await call("POST", "/v1/friends/requests", { token: asker.token, body: { to: me.id, message: "add me" } });
  if (sent.status !== 201) throw new Error(`request failed: ${JSON.stringify(sent.body)}`);
  const block = await call("POST", "/v1/blocks", { token: me.token, body: { uid: blocked.id } });
  if (block.status !== 201) throw new Error(`block failed: ${JSON.stringify(block.body)}`);
  const mine = await connect(me);
  const theirs = await connect(friend);
  await mine.send(friend.id, "hello friend");
  await theirs.send(me.id, "hello me");
  const group = await createByHttp(me, [friend]);
  await mine.sendToGroup(group.groupId, "hello group");
  await theirs.sendToGroup(group.groupId, "friend in group");
  const file = await upload(me.token, pdf(), "notes.pdf");
  if (file.status !== 201) throw new Error(`upload failed: ${JSON.stringify(file.body)}`);
  await writeBehindDrained(me.id, friend.id);
  await groupMessageInMysql(group.groupId, me.id, "hello group");
  await groupMessageInMysql(group.groupId, friend.id, "friend in group");
  mine.close();
  theirs.close();
  return { me, friend, asker, blocked, group, file: file.body.file };
}

export async function exportOf(m: Member) {
  const res = await SELF.fetch(`${BASE}/v1/me/export`, { headers: { Authorization: `Bearer ${m.token}` } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
