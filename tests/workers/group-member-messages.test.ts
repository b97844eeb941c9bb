// group_send, group_recall and delivered positions through members' real sockets.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { waitFor } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { groupOfThree, memberSocket, msgId } from "./group-member-fixtures";
import { call } from "./helpers";

describe("group messages from a member's socket", () => {
  it("answers group_sent once the group stored it, and reaches every member and the sender's other device", async () => {
    const { owner, b, c, group } = await groupOfThree();
    const [laptop, phone, sb, sc] = await Promise.all([
      memberSocket(owner, "laptop"),
      memberSocket(owner, "phone"),
      memberSocket(b),
      memberSocket(c),
    ]);
    const clientMsgId = msgId();
    const sent = await laptop.request({ type: "group_send", groupId: group.groupId, clientMsgId, body: "hello group" });
    expect(sent).toMatchObject({ type: "group_sent", clientMsgId, groupId: group.groupId });
    expect(sent.seq).toBeGreaterThan(group.lastSeq);
    // Stored before the ack: the group's own log has it, with that seq.
    const history = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: b.token });
    expect(history.body.entries.find((e: { messageId: string }) => e.messageId === sent.messageId)).toMatchObject({
      seq: sent.seq,
      body: "hello group",
    });
    for (const s of [sb, sc, phone, laptop]) {
      const got = await s.nextEvent("group_message", (e) => e.message.messageId === sent.messageId);
      expect(got.message).toMatchObject({ from: owner.id, seq: sent.seq, body: "hello group", groupId: group.groupId });
    }
    for (const s of [laptop, phone, sb, sc]) s.close();
  });

  it("answers a retried group_send with the same ack and delivers it once; another body with that id is refused", async () => {
    const { owner, b, group } = await groupOfThree();
    const [so, sb] = await Promise.all([memberSocket(owner), memberSocket(b)]);
    const clientMsgId = msgId();
    const frame = { type: "group_send", groupId: group.groupId, clientMsgId, body: "once" };
    const first = await so.request(frame);
    const again = await so.request(frame);
    expect({ ...again, id: first.id }).toEqual(first);
    const reused = await so.request({ ...frame, body: "something else" });
    expect(reused).toMatchObject({ type: "error", code: "CLIENT_MSG_ID_REUSED" });
    const marker = await so.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "marker" });
    await sb.nextEvent("group_message", (e) => e.message.messageId === marker.messageId);
    expect(sb.events.filter((e) => e.type === "group_message" && e.message.clientMsgId === clientMsgId)).toHaveLength(1);
    so.close();
    sb.close();
  });

  it("refuses group frames from a non-member, and for a group that does not exist, with GROUP_NOT_FOUND", async () => {
    const { group } = await groupOfThree();
    const stranger = await member("gs");
    const s = await memberSocket(stranger);
    const missing = "g" + "0".repeat(20);
    for (const groupId of [group.groupId, missing]) {
      expect(await s.request({ type: "group_send", groupId, clientMsgId: msgId(), body: "let me in" })).toMatchObject({
        type: "error",
        code: "GROUP_NOT_FOUND",
      });
      expect(await s.request({ type: "group_read", groupId, upToSeq: 1 })).toMatchObject({ type: "error", code: "GROUP_NOT_FOUND" });
      expect(await s.request({ type: "group_recall", groupId, messageId: "m1" })).toMatchObject({ type: "error", code: "GROUP_NOT_FOUND" });
    }
    // A malformed group id is a bad frame, not a lookup.
    expect(await s.request({ type: "group_send", groupId: "nope", clientMsgId: msgId(), body: "x" })).toMatchObject({
      type: "error",
      code: "INVALID_FRAME",
    });
    s.close();
  });

  it("recalls the sender's own message for every member; another member may not", async () => {
    const { b, c, group } = await groupOfThree();
    const [sb, sc] = await Promise.all([memberSocket(b), memberSocket(c)]);
    const sent = await sb.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "oops" });
    expect(await sc.request({ type: "group_recall", groupId: group.groupId, messageId: sent.messageId })).toMatchObject({
      type: "error",
      code: "GROUP_FORBIDDEN",
    });
    expect(await sb.request({ type: "group_recall", groupId: group.groupId, messageId: sent.messageId })).toMatchObject({ type: "ok" });
    const recall = await sc.nextEvent("group_recall", (e) => e.messageId === sent.messageId);
    expect(recall).toMatchObject({ groupId: group.groupId, seq: sent.seq, by: b.id });
    sb.close();
    sc.close();
  });

  it("reports delivery to the group once a member's device acks the message", async () => {
    const { owner, b, c, group } = await groupOfThree();
    const [so, sb, sc] = await Promise.all([memberSocket(owner), memberSocket(b), memberSocket(c)]);
    const sent = await so.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "did you get it" });
    const receipts = await waitFor(
      async () => {
        const res = await call("GET", `/v1/groups/${group.groupId}/receipts?seqs=${sent.seq}`, { token: owner.token });
        return res.body.counts?.[0]?.deliveredTo === 2 ? res.body : undefined;
      },
      10_000,
      "delivered to both members",
    );
    expect(receipts).toMatchObject({ members: 2, counts: [{ seq: sent.seq, deliveredTo: 2, readBy: 0 }] });
    for (const s of [so, sb, sc]) s.close();
  });

  it("counts group_sends against the user's frame budget like sends", async () => {
    const { owner, group } = await groupOfThree();
    const so = await memberSocket(owner);
    const burst = Number(env.MESSAGE_BURST);
    const replies = await Promise.all(
      Array.from({ length: burst + 10 }, () =>
        so.request({ type: "group_send", groupId: group.groupId, clientMsgId: msgId(), body: "flood" }),
      ),
    );
    const limited = replies.filter((r) => r.code === "RATE_LIMITED");
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.retryAfter).toBeGreaterThan(0);
    expect(replies.filter((r) => r.type === "group_sent").length).toBeLessThan(burst + 10);
    so.close();
  });
});
