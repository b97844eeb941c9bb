// A big account's export: messages read from MySQL a page (500) at a time and streamed, across
// page boundaries within one conversation and one group, in order, nothing lost or repeated.
import { describe, expect, it } from "vitest";
import { conversationKey } from "../../durable-objects/user-session/conversation-log";
import { accountExportSchema } from "../../protocol/account";
import { groupMessages, messages } from "../../schema";
import { newGroupId } from "../../workers/groups/ids";
import { exportOf } from "./account-fixtures";
import { member } from "./friends-fixtures";
import { testDb } from "./mysql-rows";

const CHUNK = 200;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

describe("account export of a big account", () => {
  it("streams 1,201 messages of one conversation and 700 group messages in two groups, in order", async () => {
    const me = await member("big");
    // Peers need no account: the export finds them from the messages.
    const peers = [me.id + 1, me.id - 1];
    const sentAt = new Date();
    const direct = (peer: number, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const mine = i % 2 === 0;
        const id = `m-big-${me.id}-${peer}-${i + 1}`;
        return {
          id,
          conversationKey: conversationKey(me.id, peer),
          seq: i + 1,
          senderId: mine ? me.id : peer,
          recipientId: mine ? peer : me.id,
          clientMsgId: id,
          body: `message ${i + 1}`,
          status: "sent" as const,
          sentAt,
        };
      });
    await insertInChunks([...direct(peers[0]!, 1201), ...direct(peers[1]!, 3)], (chunk) => testDb().insert(messages).values(chunk));
    const [groupA, groupB] = [newGroupId(), newGroupId()].sort();
    const inGroup = (groupId: string, count: number, from: (i: number) => number) =>
      Array.from({ length: count }, (_, i) => ({
        groupId,
        seq: i + 1,
        kind: "message" as const,
        messageId: `gm-big-${groupId}-${i + 1}`,
        senderId: from(i),
        clientMsgId: `c${i + 1}`,
        body: `group message ${i + 1}`,
        mentions: "[]",
        sentAt,
      }));
    // Group A: 1,200 entries, every other one the caller's (600); group B: 100, all theirs.
    await insertInChunks(
      [...inGroup(groupA!, 1200, (i) => (i % 2 === 0 ? me.id : peers[0]!)), ...inGroup(groupB!, 100, () => me.id)],
      (chunk) => testDb().insert(groupMessages).values(chunk),
    );

    const res = await exportOf(me);
    expect(res.status).toBe(200);
    const data = accountExportSchema.parse(JSON.parse(res.text));
    expect(data.conversations.map((c) => [c.peerId, c.messages.length])).toEqual(
      peers.map((p, i) => [p, i === 0 ? 1201 : 3]).sort((a, b) => a[0]! - b[0]!),
    );
    const big = data.conversations.find((c) => c.peerId === peers[0])!;
    expect(big.messages.map((m) => m.seq)).toEqual(Array.from({ length: 1201 }, (_, i) => i + 1));
    expect(big.messages[500]).toMatchObject({ seq: 501, body: "message 501", from: me.id });
    expect(data.groupMessages.map((g) => [g.groupId, g.messages.length])).toEqual([
      [groupA, 600],
      [groupB, 100],
    ]);
    expect(data.groupMessages[0]!.messages.every((m) => m.from === me.id)).toBe(true);
    expect(data.groupMessages[0]!.messages.map((m) => m.seq)).toEqual(Array.from({ length: 600 }, (_, i) => 2 * i + 1));
  });
});
