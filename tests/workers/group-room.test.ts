// The group's object through its RPC (the frame path is the user object's): create, read,
// post with idempotency and mentions, the gap-free sequence, and fan-out to members' sockets.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createByRpc, groupSocket, groupStub, ownerWithFriends } from "./group-fixtures";
import { member } from "./friends-fixtures";
import { seedUser } from "./helpers";
import { waitFor } from "./chat-fixtures";

describe("group object", () => {
  it("creates a group with its owner and members, readable by members only", async () => {
    const [owner, a, b] = await ownerWithFriends(2);
    const group = await createByRpc(owner, [a!, b!], { name: "climbers" });
    expect(group).toMatchObject({ name: "climbers", ownerId: owner.id, memberCount: 3, lastSeq: 1 });
    const stub = groupStub(group.groupId);
    expect(await stub.get(a!.id)).toMatchObject({ ok: true, role: "member", group: { groupId: group.groupId } });
    expect(await stub.get(owner.id)).toMatchObject({ ok: true, role: "owner" });
    const members = await stub.members(b!.id);
    // The owner first, then by join time.
    expect(members.ok && members.members.map((m) => [m.uid, m.role])).toEqual([
      [owner.id, "owner"],
      ...[a!.id, b!.id].sort((x, y) => x - y).map((uid) => [uid, "member"]),
    ]);
    const stranger = await member("gs");
    expect(await stub.get(stranger.id)).toMatchObject({ ok: false, code: "GROUP_NOT_FOUND" });
    expect(await stub.post({ from: stranger.id, clientMsgId: "x", body: "hi" })).toMatchObject({ ok: false, code: "GROUP_NOT_FOUND" });
  });

  it("answers for an unknown group without storing anything", async () => {
    const stub = groupStub("g" + "0".repeat(20));
    expect(await stub.get(100_000_001)).toMatchObject({ ok: false, code: "GROUP_NOT_FOUND" });
    expect(await stub.markPosition(100_000_001, "read", 3)).toMatchObject({ ok: false, code: "GROUP_NOT_FOUND" });
    expect(await stub.post({ from: 100_000_001, clientMsgId: "x", body: "hi" })).toMatchObject({ ok: false, code: "GROUP_NOT_FOUND" });
    expect(await stub.stats()).toEqual({ created: false, outbox: 0, mysqlBacklog: 0 });
    // No table and no alarm: nothing that would keep the object stored.
    const left = await runInDurableObject(stub, async (_instance, state) => ({
      tables: state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) != '_cf_'").toArray(),
      alarm: await state.storage.getAlarm(),
    }));
    expect(left).toEqual({ tables: [], alarm: null });
  });

  it("posts with the next seq; a retry gets the same message, a different body CLIENT_MSG_ID_REUSED", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const group = await createByRpc(owner, [a!]);
    const stub = groupStub(group.groupId);
    const first = await stub.post({ from: a!.id, clientMsgId: "c1", body: "hello" });
    expect(first).toMatchObject({ ok: true, created: true, message: { seq: 2, from: a!.id, body: "hello", groupId: group.groupId } });
    const again = await stub.post({ from: a!.id, clientMsgId: "c1", body: "hello" });
    expect(again).toEqual({ ...first, created: false });
    expect(await stub.post({ from: a!.id, clientMsgId: "c1", body: "other" })).toMatchObject({ ok: false, code: "CLIENT_MSG_ID_REUSED" });
    // Another sender may use the same clientMsgId.
    expect(await stub.post({ from: owner.id, clientMsgId: "c1", body: "mine" })).toMatchObject({ ok: true, message: { seq: 3 } });
    expect(await stub.post({ from: a!.id, clientMsgId: "c2", body: "x".repeat(4001) })).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
    });
    expect(await stub.get(a!.id)).toMatchObject({ group: { lastSeq: 3 } });
  });

  it("keeps one gap-free sequence under concurrent posts from several members", async () => {
    const [owner, ...friends] = await ownerWithFriends(3);
    const group = await createByRpc(owner, friends);
    const stub = groupStub(group.groupId);
    const senders = [owner, ...friends];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        stub.post({ from: senders[i % senders.length]!.id, clientMsgId: `m${i}`, body: `message ${i}` }),
      ),
    );
    const seqs = results.map((r) => (r.ok ? r.message.seq : -1)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
  });

  it("parses mentions of members; @all only from admins and the owner", async () => {
    const [owner, a, b] = await ownerWithFriends(2);
    const group = await createByRpc(owner, [a!, b!]);
    const stub = groupStub(group.groupId);
    const byMember = await stub.post({ from: a!.id, clientMsgId: "m1", body: `@${b!.id} @${owner.id} @999999999 @all look` });
    expect(byMember).toMatchObject({ ok: true, message: { mentionsAll: false } });
    expect(byMember.ok && [...byMember.message.mentions].sort()).toEqual([owner.id, b!.id].sort());
    expect(await stub.post({ from: owner.id, clientMsgId: "m2", body: "@all meeting" })).toMatchObject({
      ok: true,
      message: { mentionsAll: true, mentions: [] },
    });
  });

  it("fans a message out to every member's object, the sender's other devices included", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const ownerSocket = await groupSocket(owner);
    const aSocket = await groupSocket(a!);
    const group = await createByRpc(owner, [a!]);
    for (const s of [ownerSocket, aSocket]) {
      expect(await s.next("group_change")).toMatchObject({ groupId: group.groupId, seq: 1, by: owner.id, change: { kind: "created" } });
    }
    const posted = await groupStub(group.groupId).post({ from: a!.id, clientMsgId: "hi", body: `hi @${owner.id}` });
    expect(posted.ok).toBe(true);
    for (const s of [ownerSocket, aSocket]) {
      const got = await s.next("group_message");
      expect(got.message).toMatchObject({ groupId: group.groupId, seq: 2, from: a!.id, body: `hi @${owner.id}`, mentions: [owner.id] });
    }
    ownerSocket.close();
    aSocket.close();
  });

  it("delivers more calls than one drain pass takes, in seq order for each member", async () => {
    const [owner, watcher] = await ownerWithFriends(1);
    const others = await Promise.all(Array.from({ length: 38 }, () => seedUser("gf")));
    const group = await createByRpc(owner, [watcher!, ...others.map((u) => ({ ...watcher!, id: u.profile.id }))]);
    const socket = await groupSocket(watcher!);
    const stub = groupStub(group.groupId);
    // 40 members x 15 messages: 600 queued calls, more than the 500 a pass reads.
    await Promise.all(Array.from({ length: 15 }, (_, i) => stub.post({ from: owner.id, clientMsgId: `f${i}`, body: `fan ${i}` })));
    await waitFor(async () => (await stub.stats()).outbox === 0, 20_000, "the call queue to empty");
    await socket.next("group_message", (e) => e.message.seq === 16);
    const seqs = socket.events.flatMap((e) => (e.type === "group_message" ? [e.message.seq] : []));
    expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => i + 2));
    socket.close();
  });
});
