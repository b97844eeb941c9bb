// What members' sockets receive from a group: changes in seq order with the group after them,
// the removed member's last event, recalls by the rules, and coalesced receipts to senders.
import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { createByHttp, createByRpc, groupSocket, groupStub, ownerWithFriends, runInGroup } from "./group-fixtures";
import { sleep, waitFor } from "./chat-fixtures";

describe("group events", () => {
  it("sends each change to every member; a removed member gets their removal last and nothing after", async () => {
    const [owner, a, b] = await ownerWithFriends(2);
    const sockets = { owner: await groupSocket(owner), a: await groupSocket(a!), b: await groupSocket(b!) };
    const group = await createByHttp(owner, [a!, b!]);
    const base = `/v1/groups/${group.groupId}`;
    await call("PATCH", base, { token: owner.token, body: { name: "renamed" } });
    await call("DELETE", `${base}/members/${b!.id}`, { token: owner.token });
    const stub = groupStub(group.groupId);
    await stub.post({ from: a!.id, clientMsgId: "after", body: "b is gone" });
    await sockets.a.next("group_message");
    const removal = await sockets.b.next("group_change", (e) => e.change.kind === "removed");
    expect(removal).toMatchObject({
      seq: 3,
      by: owner.id,
      change: { kind: "removed", uid: b!.id },
      group: { name: "renamed", memberCount: 2 },
    });
    for (const s of [sockets.owner, sockets.a]) {
      await s.next("group_change", (e) => e.seq === 3);
      expect(s.events.filter((e) => e.type === "group_change").map((e) => e.type === "group_change" && [e.seq, e.change.kind])).toEqual([
        [1, "created"],
        [2, "renamed"],
        [3, "removed"],
      ]);
    }
    await sleep(300);
    expect(sockets.b.events.map((e) => e.type === "group_change" && e.change.kind)).toEqual(["created", "renamed", "removed"]);
    for (const s of Object.values(sockets)) s.close();
  });

  it("recalls: the sender within the window, admins and the owner at any time, nobody else", async () => {
    const [owner, a, b] = await ownerWithFriends(2);
    const aSocket = await groupSocket(a!);
    const group = await createByRpc(owner, [a!, b!]);
    const stub = groupStub(group.groupId);
    const post = async (from: number, id: string) => {
      const v = await stub.post({ from, clientMsgId: id, body: `text ${id}` });
      if (!v.ok) throw new Error(v.code);
      return v.message;
    };
    const mine = await post(a!.id, "1");
    expect(await stub.recall(b!.id, mine.messageId)).toMatchObject({ ok: false, code: "GROUP_FORBIDDEN" });
    expect(await stub.recall(a!.id, mine.messageId)).toMatchObject({ ok: true });
    expect(await aSocket.next("group_recall")).toMatchObject({
      groupId: group.groupId,
      messageId: mine.messageId,
      seq: mine.seq,
      by: a!.id,
    });
    // Past the window: the sender no longer, the owner still.
    const old = await post(a!.id, "2");
    await runInGroup(group.groupId, (sql) => sql.exec("UPDATE log SET at = at - 600000 WHERE message_id = ?", old.messageId));
    expect(await stub.recall(a!.id, old.messageId)).toMatchObject({ ok: false, code: "RECALL_WINDOW_PASSED" });
    expect(await stub.recall(owner.id, old.messageId)).toMatchObject({ ok: true });
    expect(await stub.recall(owner.id, "no-such-id")).toMatchObject({ ok: false, code: "MESSAGE_NOT_FOUND" });
    const history = await call("GET", `/v1/groups/${group.groupId}/messages`, { token: b!.token });
    const recalled = history.body.entries.filter((e: { recalledAt: string | null }) => e.recalledAt !== null);
    expect(recalled.map((e: { messageId: string; body: null }) => [e.messageId, e.body])).toEqual([
      [old.messageId, null],
      [mine.messageId, null],
    ]);
    aSocket.close();
  });

  it("counts delivered and read per message without the sender, and sends coalesced receipts to the sender", async () => {
    const [owner, a, b] = await ownerWithFriends(2);
    const ownerSocket = await groupSocket(owner);
    const group = await createByRpc(owner, [a!, b!]);
    const stub = groupStub(group.groupId);
    const sent = [];
    for (const i of [1, 2, 3]) {
      const v = await stub.post({ from: owner.id, clientMsgId: `r${i}`, body: `m${i}` });
      if (v.ok) sent.push(v.message.seq);
    }
    expect(sent).toEqual([2, 3, 4]);
    await stub.markPosition(a!.id, "delivered", 4);
    await stub.markPosition(a!.id, "read", 3);
    await stub.markPosition(b!.id, "read", 2);
    // A position never moves back.
    await stub.markPosition(b!.id, "read", 1);
    const expected = [
      { seq: 2, deliveredTo: 2, readBy: 2 },
      { seq: 3, deliveredTo: 1, readBy: 1 },
      { seq: 4, deliveredTo: 1, readBy: 0 },
    ];
    expect(await stub.receipts(owner.id, sent)).toEqual({ ok: true, members: 2, counts: expected });
    const viaHttp = await call("GET", `/v1/groups/${group.groupId}/receipts?seqs=2,3,4`, { token: owner.token });
    expect(viaHttp).toMatchObject({ status: 200, body: { members: 2, counts: expected } });
    // Another member may not ask about the owner's messages; an admin may.
    expect((await call("GET", `/v1/groups/${group.groupId}/receipts?seqs=2`, { token: b!.token })).body.error.code).toBe("GROUP_FORBIDDEN");
    await stub.setRole(owner.id, b!.id, "admin");
    expect((await call("GET", `/v1/groups/${group.groupId}/receipts?seqs=2`, { token: b!.token })).status).toBe(200);
    expect((await call("GET", `/v1/groups/${group.groupId}/receipts?seqs=x`, { token: owner.token })).status).toBe(400);
    // Rounds go at most once a second, so the four marks reach the sender in fewer rounds than
    // marks (one or two on an idle machine; a loaded one may split them once more). A round
    // carries the seqs whose counts moved; the latest count per seq is what the sender shows.
    const rounds = () => ownerSocket.events.filter((e) => e.type === "group_receipts");
    const latest = () => {
      const bySeq = new Map<number, unknown>();
      for (const r of rounds()) {
        expect(r).toMatchObject({ groupId: group.groupId, members: 2 });
        for (const c of r.counts) bySeq.set(c.seq, c);
      }
      return [...bySeq.keys()].sort((x, y) => x - y).map((seq) => bySeq.get(seq));
    };
    await waitFor(async () => JSON.stringify(latest()) === JSON.stringify(expected), 10_000, "receipt rounds with every count");
    expect(rounds().length).toBeLessThan(4);
    ownerSocket.close();
  });
});
