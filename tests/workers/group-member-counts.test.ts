// Unread and mention counts of a member's groups: in hello, GET /v1/groups and GET /v1/conversations,
// with mute, group_read from another device, and a member offline meanwhile.
import { describe, expect, it } from "vitest";
import { member, type Member } from "./friends-fixtures";
import { createGroup, groupOfThree, helloGroups, memberSocket, msgId, type MemberSocket } from "./group-member-fixtures";
import { call } from "./helpers";
import { inUserObject, sleep, waitFor } from "./chat-fixtures";
import { migrate, SCHEMA_VERSION } from "../../durable-objects/user-session/storage";

/** Sends each body as `from` and waits until `to` has them all (their object applied them). */
async function sendAll(from: MemberSocket, to: MemberSocket, groupId: string, bodies: string[]): Promise<number[]> {
  const seqs: number[] = [];
  for (const body of bodies) {
    const sent = await from.request({ type: "group_send", groupId, clientMsgId: msgId(), body });
    expect(sent.type).toBe("group_sent");
    seqs.push(sent.seq as number);
  }
  for (const seq of seqs) await to.nextEvent("group_message", (e) => e.message.groupId === groupId && e.message.seq === seq);
  return seqs;
}

async function listed(m: Member, groupId: string) {
  const res = await call("GET", "/v1/groups", { token: m.token });
  expect(res.status).toBe(200);
  return res.body.groups.find((g: { groupId: string }) => g.groupId === groupId);
}

describe("a member's group counts", () => {
  it("counts @uid mentions, and @all from the owner but not from a member", async () => {
    const { owner, b, c, group } = await groupOfThree("mentions");
    const [so, sb, sc] = await Promise.all([memberSocket(owner), memberSocket(b), memberSocket(c)]);
    await sendAll(sb, sc, group.groupId, [`@${c.id} look at this`, "@all from a plain member"]);
    const [lastSeq] = (await sendAll(so, sc, group.groupId, ["@all meeting at noon"])).slice(-1);
    await sb.nextEvent("group_message", (e) => e.message.seq === lastSeq);
    await so.nextEvent("group_message", (e) => e.message.seq === lastSeq);
    expect(await helloGroups(c)).toEqual([{ groupId: group.groupId, name: "mentions", unread: 3, mentions: 2, lastSeq, muted: false }]);
    expect(await helloGroups(b)).toEqual([{ groupId: group.groupId, name: "mentions", unread: 1, mentions: 1, lastSeq, muted: false }]);
    // Your own messages are never unread.
    expect(await helloGroups(owner)).toEqual([{ groupId: group.groupId, name: "mentions", unread: 2, mentions: 0, lastSeq, muted: false }]);
    for (const s of [so, sb, sc]) s.close();
  });

  it("stops unread growing in a muted group, still counts a mention, and shows it in GET /v1/groups", async () => {
    const { b, c, group } = await groupOfThree("muted");
    const [sb, sc] = await Promise.all([memberSocket(b), memberSocket(c)]);
    const mute = await call("PUT", `/v1/groups/${group.groupId}/mute`, { token: c.token, body: { muted: true } });
    expect(mute).toMatchObject({ status: 200, body: { groupId: group.groupId, muted: true } });
    await sendAll(sb, sc, group.groupId, ["one", "two", `@${c.id} you there?`]);
    expect(await helloGroups(c)).toMatchObject([{ groupId: group.groupId, unread: 0, mentions: 1, muted: true }]);
    expect(await listed(c, group.groupId)).toMatchObject({ name: "muted", role: "member", muted: true, unread: 0, mentions: 1 });
    // Unmuted, it grows again.
    await call("PUT", `/v1/groups/${group.groupId}/mute`, { token: c.token, body: { muted: false } });
    await sendAll(sb, sc, group.groupId, ["three"]);
    expect(await listed(c, group.groupId)).toMatchObject({ muted: false, unread: 1, mentions: 1 });
    sb.close();
    sc.close();
  });

  it("refuses mute for a group the caller is not in, and for a malformed id, with 404 GROUP_NOT_FOUND", async () => {
    const { group } = await groupOfThree();
    const outsider = await member("gx");
    for (const id of [group.groupId, "not-a-group"]) {
      const res = await call("PUT", `/v1/groups/${id}/mute`, { token: outsider.token, body: { muted: true } });
      expect(res).toMatchObject({ status: 404, body: { error: { code: "GROUP_NOT_FOUND" } } });
    }
    const bad = await call("PUT", `/v1/groups/${group.groupId}/mute`, { token: outsider.token, body: { muted: "yes" } });
    expect(bad.status).toBe(400);
    expect((await call("GET", "/v1/groups")).status).toBe(401);
  });

  it("clears counts up to a group_read on the reader's other devices, and in every list", async () => {
    const { owner, c, group } = await groupOfThree("reading");
    const [so, laptop, phone] = await Promise.all([memberSocket(owner), memberSocket(c, "laptop"), memberSocket(c, "phone")]);
    const seqs = await sendAll(so, laptop, group.groupId, ["a", `@${c.id} b`, "c", "d"]);
    expect(await listed(c, group.groupId)).toMatchObject({ unread: 4, mentions: 1 });
    // Read up to the mention: two left, no mention.
    expect(await phone.request({ type: "group_read", groupId: group.groupId, upToSeq: seqs[1] })).toMatchObject({ type: "ok" });
    const seen = await laptop.nextEvent("group_read", (e) => e.groupId === group.groupId);
    expect(seen.upToSeq).toBe(seqs[1]);
    expect(await listed(c, group.groupId)).toMatchObject({ unread: 2, mentions: 0 });
    // A mark past the newest seq this user has is capped there.
    expect(await phone.request({ type: "group_read", groupId: group.groupId, upToSeq: seqs[3]! + 50 })).toMatchObject({ type: "ok" });
    expect((await laptop.nextEvent("group_read", (e) => e.upToSeq === seqs[3])).groupId).toBe(group.groupId);
    expect(await helloGroups(c)).toMatchObject([{ groupId: group.groupId, unread: 0, mentions: 0 }]);
    const conversations = await call("GET", "/v1/conversations", { token: c.token });
    expect(conversations.body.groups).toEqual([
      {
        groupId: group.groupId,
        name: "reading",
        role: "member",
        unread: 0,
        mentions: 0,
        lastSeq: seqs[3],
        readSeq: seqs[3],
        muted: false,
        lastMessage: expect.objectContaining({ seq: seqs[3], from: owner.id, body: "d" }),
      },
    ]);
    // The owner sees the reads in the group's receipts within about a second: a member's reads
    // reach the group as one coalesced report a second (group-positions.ts).
    const readBy = async () =>
      (await call("GET", `/v1/groups/${group.groupId}/receipts?seqs=${seqs.join(",")}`, { token: owner.token })).body.counts.map(
        (r: { readBy: number }) => r.readBy,
      );
    await waitFor(async () => JSON.stringify(await readBy()) === "[1,1,1,1]", 5_000, "the reads in the group's receipts");
    for (const s of [so, laptop, phone]) s.close();
  });

  it("lists the most recently active group first", async () => {
    const { owner, b, c, group: older } = await groupOfThree("older");
    const newer = await createGroup(owner, [b, c], "newer");
    const [so, sb] = await Promise.all([memberSocket(owner), memberSocket(b)]);
    const order = async () => (await call("GET", "/v1/conversations", { token: b.token })).body.groups.map((g: { name: string }) => g.name);
    await sb.nextEvent("group_change", (e) => e.groupId === newer.groupId);
    expect(await order()).toEqual(["newer", "older"]);
    await sleep(5);
    await sendAll(so, sb, older.groupId, ["bump"]);
    expect(await order()).toEqual(["older", "newer"]);
    expect((await call("GET", "/v1/groups", { token: b.token })).body.groups.map((g: { name: string }) => g.name)).toEqual([
      "older",
      "newer",
    ]);
    so.close();
    sb.close();
  });

  it("lets an offline member catch up on reconnect: the messages replayed, the counts in hello", async () => {
    const { owner, b, c, group } = await groupOfThree("offline");
    const [so, sb] = await Promise.all([memberSocket(owner), memberSocket(b)]);
    const seqs = await sendAll(so, sb, group.groupId, ["while", "you", `@${c.id} were away`]);
    const back = await memberSocket(c);
    expect(back.hello.groups).toEqual([
      { groupId: group.groupId, name: "offline", unread: 3, mentions: 1, lastSeq: seqs[2], muted: false },
    ]);
    for (const seq of seqs) await back.nextEvent("group_message", (e) => e.message.seq === seq);
    // A recall while unread takes the message off the counts.
    const { messageId } = (await so.nextEvent("group_message", (e) => e.message.seq === seqs[2])).message;
    expect(await so.request({ type: "group_recall", groupId: group.groupId, messageId })).toMatchObject({ type: "ok" });
    await back.nextEvent("group_recall", (e) => e.messageId === messageId);
    expect(await listed(c, group.groupId)).toMatchObject({ unread: 2, mentions: 0 });
    for (const s of [so, sb, back]) s.close();
  });

  it("gives an object from before groups (schema 2) its groups table when it loads", async () => {
    const { owner, c, group } = await groupOfThree("upgraded");
    await inUserObject(c.id, (sql, state) => {
      sql.exec("DROP TABLE my_groups");
      sql.exec("UPDATE kv SET value = '2' WHERE key = 'schema_version'");
      migrate(state.storage);
      expect(sql.exec("SELECT value FROM kv WHERE key = 'schema_version'").one().value).toBe(String(SCHEMA_VERSION));
      expect(sql.exec("SELECT COUNT(*) AS n FROM my_groups").one().n).toBe(0);
    });
    // The group comes back with its next event.
    const [so, sc] = await Promise.all([memberSocket(owner), memberSocket(c)]);
    await sendAll(so, sc, group.groupId, [`@${c.id} still there?`]);
    expect(await helloGroups(c)).toMatchObject([{ groupId: group.groupId, unread: 1, mentions: 1 }]);
    // No change of it reached the object since: the list asks the group for the rest.
    expect(await listed(c, group.groupId)).toMatchObject({ name: "upgraded", ownerId: owner.id, role: "member", unread: 1, mentions: 1 });
    so.close();
    sc.close();
  });
});
