// createChatClient in groups (fake timers, scripted server): sendToGroup shares the outbox's
// reliability (resolved by group_sent, re-sent with the same clientMsgId after a reconnect), group
// events reach typed listeners once each (our own echo included), and the group list's unread,
// mention and "read by N of M" counts follow hello, events and reads.
import { describe, expect, it, vi } from "vitest";
import { createChatClient, type ChatClient, type ChatClientEventMap, type GroupMessage } from "../../client";
import type { UserEvent } from "../../protocol/events";
import type { Group, GroupUnread } from "../../protocol/groups";
import { createFakeServer, type FakeServer, groupSentFrame, useFakeClock } from "./client-fake-server";
import { ALICE, BOB, hello } from "./client-fake-socket";

const GID = "g0123456789abcdefghij";
const OTHER = "gabcdefghij0123456789";
const CAROL = 612345789;
const AT = "2026-11-30T09:00:00.000Z";

const settle = () => vi.advanceTimersByTimeAsync(0);

async function openClient(server: FakeServer, groups: GroupUnread[] = []): Promise<ChatClient> {
  server.hello = { ...hello, groups };
  const client = createChatClient({ url: "wss://qchat.test/v1/ws", token: "tok.en", deviceId: "phone-1", openSocket: server.openSocket });
  client.start();
  await settle();
  expect(client.state.status).toBe("open");
  return client;
}

const unreadRow = (groupId: string, unread: number, mentions: number, lastSeq: number, muted = false): GroupUnread => ({
  groupId,
  name: groupId === GID ? "hikers" : "book club",
  unread,
  mentions,
  lastSeq,
  muted,
});

function groupMessage(seq: number, from: number, opts: Partial<GroupMessage> = {}): GroupMessage {
  return {
    messageId: `gm${seq}`,
    groupId: GID,
    seq,
    from,
    clientMsgId: `c${seq}`,
    body: `hello ${seq}`,
    mentions: [],
    mentionsAll: false,
    sentAt: AT,
    ...opts,
  };
}

const group: Group = {
  groupId: GID,
  name: "hikers",
  topic: "",
  avatarUrl: null,
  ownerId: BOB,
  memberCount: 3,
  membersCanInvite: false,
  lastSeq: 1,
  createdAt: AT,
};

let eseq = 0;
/** Plays durable events on the current socket, numbered after the previous ones. */
function push(server: FakeServer, ...bodies: object[]): void {
  server.current.push({ type: "events", events: bodies.map((b) => ({ eseq: ++eseq, ...b }) as UserEvent) });
}
const messageEvent = (m: GroupMessage) => ({ type: "group_message", message: m });

const counts = (client: ChatClient, groupId = GID) => {
  const row = client.group(groupId);
  return row && { unread: row.unread, mentions: row.mentions, lastSeq: row.lastSeq };
};

useFakeClock(0);

describe("sendToGroup", () => {
  it("resolves on group_sent and is sent again with the same clientMsgId after a reconnect", async () => {
    const server = createFakeServer({ autoAck: false });
    const client = await openClient(server, [unreadRow(GID, 0, 0, 4)]);
    const first = client.sendToGroup(GID, "hi all", { clientMsgId: "g-1" });
    const second = client.sendToGroup(GID, "anyone?", { clientMsgId: "g-2" });
    const frame = server.current.frames().find((f) => f.clientMsgId === "g-1")!;
    expect(frame).toMatchObject({ type: "group_send", groupId: GID, body: "hi all" });
    server.current.push(groupSentFrame(server, String(frame.id), GID, "g-1"));
    await expect(first).resolves.toMatchObject({ type: "group_sent", clientMsgId: "g-1", groupId: GID, seq: 1 });
    expect(client.pendingSends).toBe(1);

    server.current.serverClose(1006, "");
    server.autoAck = true;
    await settle();
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(server.groupSends().map((s) => [s.socket, s.clientMsgId])).toEqual([
      [0, "g-1"],
      [0, "g-2"],
      [1, "g-2"],
    ]);
    await expect(second).resolves.toMatchObject({ clientMsgId: "g-2", messageId: "gm-g-2", seq: 2 });
    expect(client.pendingSends).toBe(0);
  });

  it("keeps 1:1 and group sends in one queue, in order, and rejects a refused one", async () => {
    const server = createFakeServer({ autoAck: false });
    const client = await openClient(server);
    server.current.serverClose(1006, "");
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    await settle();
    const direct = client.send(BOB, "to bob", { clientMsgId: "d-1" });
    const grouped = client.sendToGroup(GID, "to the group", { clientMsgId: "g-1" });
    const refused = client.sendToGroup(OTHER, "not a member", { clientMsgId: "g-2" });
    await vi.advanceTimersByTimeAsync(125);
    const sent = server.current.frames().filter((f) => f.type === "send" || f.type === "group_send");
    expect(sent.map((f) => f.clientMsgId)).toEqual(["d-1", "g-1", "g-2"]);
    server.current.push({ type: "error", id: sent[2]!.id, code: "GROUP_NOT_FOUND", message: "no such group" });
    await expect(refused).rejects.toMatchObject({ code: "GROUP_NOT_FOUND" });
    server.current.push(groupSentFrame(server, String(sent[1]!.id), GID, "g-1"));
    await expect(grouped).resolves.toMatchObject({ clientMsgId: "g-1" });
    expect(client.pendingSends).toBe(1);
    void direct.catch(() => {});
    await client.stop();
  });
});

describe("readGroup and recallInGroup", () => {
  it("send their frames, resolve on ok and reject with the server's code", async () => {
    const server = createFakeServer({ autoAck: false });
    const client = await openClient(server, [unreadRow(GID, 1, 0, 3)]);
    const recall = client.recallInGroup(GID, "gm3");
    const read = client.readGroup(GID, 3);
    await settle();
    const [recallFrame, readFrame] = server.current.frames().filter((f) => f.type === "group_recall" || f.type === "group_read");
    expect(recallFrame).toMatchObject({ type: "group_recall", groupId: GID, messageId: "gm3" });
    expect(readFrame).toMatchObject({ type: "group_read", groupId: GID, upToSeq: 3 });
    server.current.push({ type: "error", id: recallFrame!.id, code: "RECALL_WINDOW_PASSED", message: "too late" });
    await expect(recall).rejects.toMatchObject({ code: "RECALL_WINDOW_PASSED" });
    expect(counts(client)).toMatchObject({ unread: 1 });
    server.current.push({ type: "ok", id: readFrame!.id });
    await read;
    expect(counts(client)).toMatchObject({ unread: 0 });
  });
});

describe("group events", () => {
  it("reach typed listeners, and a message (our own echo too) only once across resends", async () => {
    const server = createFakeServer();
    const client = await openClient(server, [unreadRow(GID, 0, 0, 1)]);
    const seen: string[] = [];
    client.on("group_message", (e) => seen.push(`message ${e.message.messageId} from ${e.message.from}`));
    client.on("group_change", (e) => seen.push(`change ${e.change.kind}`));
    client.on("group_recall", (e) => seen.push(`recall ${e.messageId}`));
    client.on("group_receipts", (e) => seen.push(`receipts ${e.counts.map((c) => `${c.seq}:${c.readBy}/${e.members}`).join(",")}`));
    const ack = await client.sendToGroup(GID, "hi", { clientMsgId: "mine" });
    const echo = groupMessage(ack.seq, ALICE, { messageId: ack.messageId, clientMsgId: "mine" });
    push(
      server,
      messageEvent(echo),
      messageEvent(groupMessage(2, BOB)),
      { type: "group_change", groupId: GID, seq: 3, by: BOB, change: { kind: "renamed", name: "walkers" }, group, at: AT },
      { type: "group_recall", groupId: GID, messageId: "gm2", seq: 2, by: BOB, at: AT },
      { type: "group_receipts", groupId: GID, members: 2, counts: [{ seq: ack.seq, deliveredTo: 2, readBy: 1 }], at: AT },
    );
    // The same messages again under new eseqs (a device that lost its cursor): not shown twice.
    push(server, messageEvent(echo), messageEvent(groupMessage(2, BOB)));
    await settle();
    expect(seen).toEqual([
      `message ${ack.messageId} from ${ALICE}`,
      `message gm2 from ${BOB}`,
      "change renamed",
      "recall gm2",
      `receipts ${ack.seq}:1/2`,
    ]);
    expect(client.groupReceipts(GID, ack.seq)).toEqual({ seq: ack.seq, deliveredTo: 2, readBy: 1, members: 2 });
  });
});

describe("group counts", () => {
  it("start from hello, grow with others' messages and mentions, not our own, and clear on readGroup", async () => {
    const server = createFakeServer();
    const client = await openClient(server, [unreadRow(GID, 3, 1, 10), unreadRow(OTHER, 0, 0, 2)]);
    expect(client.groups.map((g) => g.groupId)).toEqual([GID, OTHER]);
    expect(counts(client)).toEqual({ unread: 3, mentions: 1, lastSeq: 10 });
    const lists: ChatClientEventMap["groups"][] = [];
    client.on("groups", (e) => lists.push(e));

    push(
      server,
      messageEvent(groupMessage(11, BOB)),
      messageEvent(groupMessage(12, BOB, { mentions: [ALICE] })),
      messageEvent(groupMessage(13, CAROL, { mentionsAll: true })),
      messageEvent(groupMessage(14, ALICE, { mentions: [ALICE] })),
      messageEvent(groupMessage(15, BOB, { mentions: [CAROL] })),
    );
    await settle();
    expect(counts(client)).toEqual({ unread: 7, mentions: 3, lastSeq: 15 });
    expect(client.groups.map((g) => g.groupId)).toEqual([GID, OTHER]);
    push(server, messageEvent(groupMessage(3, BOB, { groupId: OTHER, messageId: "other-3" })));
    await settle();
    expect(client.groups.map((g) => g.groupId)).toEqual([OTHER, GID]); // most recent activity first
    expect(lists.at(-1)!.groups.find((g) => g.groupId === GID)).toMatchObject({ unread: 7, mentions: 3 });

    // A recall takes its message off the counts; a read below hello's lastSeq leaves hello's part.
    push(server, { type: "group_recall", groupId: GID, messageId: "gm12", seq: 12, by: BOB, at: AT });
    await settle();
    expect(counts(client)).toMatchObject({ unread: 6, mentions: 2 });
    await client.readGroup(GID, 9);
    expect(counts(client)).toMatchObject({ unread: 6, mentions: 2 });
    await client.readGroup(GID, 13);
    const read = server.current.frames().filter((f) => f.type === "group_read");
    expect(read.map((f) => [f.groupId, f.upToSeq])).toEqual([
      [GID, 9],
      [GID, 13],
    ]);
    expect(counts(client)).toMatchObject({ unread: 1, mentions: 0 });

    // Read on another device: the group_read event clears it here too.
    push(server, { type: "group_read", groupId: GID, upToSeq: 15, at: AT });
    await settle();
    expect(counts(client)).toMatchObject({ unread: 0, mentions: 0 });
    expect(counts(client, OTHER)).toMatchObject({ unread: 1, mentions: 0 }); // only GID was read
  });

  it("a muted group's unread stays, its mentions still count", async () => {
    const server = createFakeServer();
    const client = await openClient(server, [unreadRow(GID, 0, 0, 1, true)]);
    push(server, messageEvent(groupMessage(2, BOB)), messageEvent(groupMessage(3, BOB, { mentions: [ALICE] })));
    await settle();
    expect(counts(client)).toEqual({ unread: 0, mentions: 1, lastSeq: 3 });
  });

  it("a join adds the group, a departure or dissolution drops it, and the next hello replaces the list", async () => {
    const server = createFakeServer();
    const client = await openClient(server, [unreadRow(GID, 1, 0, 5)]);
    const change = (groupId: string, seq: number, c: object) => ({
      type: "group_change",
      groupId,
      seq,
      by: BOB,
      change: c,
      group: { ...group, groupId, name: "new crew", lastSeq: seq },
      at: AT,
    });
    push(server, change(OTHER, 4, { kind: "members_added", uids: [ALICE] }));
    await settle();
    expect(client.group(OTHER)).toMatchObject({ name: "new crew", unread: 0, mentions: 0, lastSeq: 4, muted: false });
    expect(client.group(OTHER)!.group).toMatchObject({ groupId: OTHER, ownerId: BOB });
    expect(client.group(OTHER)!.role).toBe("member");
    push(server, change(OTHER, 5, { kind: "role", uid: ALICE, role: "admin" }));
    await settle();
    expect(client.group(OTHER)).toMatchObject({ role: "admin", lastSeq: 5 });
    push(server, change(GID, 6, { kind: "removed", uid: ALICE }), change(OTHER, 6, { kind: "dissolved" }));
    await settle();
    expect(client.groups).toEqual([]);

    server.hello = { ...hello, groups: [unreadRow(GID, 2, 2, 9)] };
    server.current.serverClose(1006, "");
    await settle();
    await settle();
    expect(client.groups.map((g) => [g.groupId, g.unread, g.mentions])).toEqual([[GID, 2, 2]]);
    // A GET /v1/groups reply (after a mute over HTTP): whole groups with our role.
    client.adoptGroups([{ ...group, ...unreadRow(GID, 2, 2, 9, true), role: "admin" }, unreadRow(OTHER, 1, 0, 3)]);
    expect(client.groups.map((g) => [g.groupId, g.muted, g.role, g.group?.ownerId])).toEqual([
      [GID, true, "admin", BOB],
      [OTHER, false, undefined, undefined],
    ]);
  });
});
