// Message search over groups (members now, only what came after they joined) and paging across
// 1:1 and group hits together, with hidden hits left out and pages still full.
import { describe, expect, it } from "vitest";
import type { MessageSearchHit } from "../../protocol/search";
import { connect } from "./chat-fixtures";
import { befriend, member } from "./friends-fixtures";
import { groupOfThree } from "./group-member-fixtures";
import { call } from "./helpers";
import { allPages, hitsFor, ids, uniqueWord, waitForHit, waitForMember, waitForRow } from "./search-fixtures";

const newestFirst = (hits: MessageSearchHit[]) =>
  [...hits].sort((x, y) => y.sentAt.localeCompare(x.sentAt) || (x.messageId < y.messageId ? 1 : x.messageId > y.messageId ? -1 : 0));

describe("message search in groups", () => {
  it("finds a group message for members only, not before a member joined, and not after they were removed", async () => {
    const { owner, b, c, group } = await groupOfThree("search");
    const [late, outsider] = await Promise.all([member("gl"), member("gx")]);
    await befriend(owner, late);
    const co = await connect(owner);
    const word = uniqueWord("giraffe");
    const first = await co.sendToGroup(group.groupId, `a ${word} in the group`);
    const hit = await waitForHit(b.token, word, first.messageId, `a ${word} in the group`);
    expect(hit).toEqual({
      kind: "group",
      messageId: first.messageId,
      groupId: group.groupId,
      seq: first.seq,
      from: owner.id,
      body: `a ${word} in the group`,
      sentAt: expect.any(String),
    });
    expect(ids(await hitsFor(c.token, word))).toEqual([first.messageId]);
    expect(await hitsFor(outsider.token, word)).toEqual([]);
    // Someone added later finds what came after they joined, not what came before.
    expect((await call("POST", `/v1/groups/${group.groupId}/members`, { token: owner.token, body: { uids: [late.id] } })).status).toBe(200);
    const second = await co.sendToGroup(group.groupId, `another ${word}`);
    await waitForMember(group.groupId, late.id, true);
    await waitForRow(second.messageId, `another ${word}`);
    expect(ids(await hitsFor(late.token, word))).toEqual([second.messageId]);
    // A removed member no longer finds anything of the group.
    expect((await call("DELETE", `/v1/groups/${group.groupId}/members/${c.id}`, { token: owner.token })).status).toBe(200);
    await waitForMember(group.groupId, c.id, false);
    expect(await hitsFor(c.token, word)).toEqual([]);
    expect(ids(await hitsFor(b.token, word))).toEqual([second.messageId, first.messageId]);
    co.close();
  });

  it("never finds a recalled group message, finds an edited one by its new text, and hides for the hider only", async () => {
    const { owner, b, group } = await groupOfThree("changes");
    const [co, cb] = await Promise.all([connect(owner), connect(b)]);
    const [gone, old, fresh, mine] = [uniqueWord("recalled"), uniqueWord("before"), uniqueWord("after"), uniqueWord("hidden")];
    const recalled = await co.sendToGroup(group.groupId, `${gone} here`);
    const edited = await co.sendToGroup(group.groupId, `${old} here`);
    const hidden = await co.sendToGroup(group.groupId, `${mine} here`);
    await waitForRow(hidden.messageId, `${mine} here`);
    expect(ids(await hitsFor(b.token, gone))).toEqual([recalled.messageId]);
    await co.recallInGroup(group.groupId, recalled.messageId);
    await co.editInGroup(group.groupId, edited.messageId, `${fresh} here`);
    await waitForRow(recalled.messageId, null);
    expect(await hitsFor(b.token, gone)).toEqual([]);
    expect(await waitForHit(b.token, fresh, edited.messageId, `${fresh} here`)).toMatchObject({
      body: `${fresh} here`,
      editedAt: expect.any(String),
    });
    expect(await hitsFor(b.token, old)).toEqual([]);
    await cb.hide({ groupId: group.groupId }, hidden.messageId);
    expect(await hitsFor(b.token, mine)).toEqual([]);
    expect(ids(await hitsFor(owner.token, mine))).toEqual([hidden.messageId]);
    for (const c of [co, cb]) c.close();
  });
});

describe("paging search results", () => {
  it("gives every hit of 1:1 and group conversations exactly once, newest first, and keeps pages full past hidden hits", async () => {
    const { owner: a, b, group } = await groupOfThree("paging");
    const [ca, cb] = await Promise.all([connect(a), connect(b)]);
    const word = uniqueWord("pager");
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) {
      const ack = i % 2 === 0 ? await ca.send(b.id, `${word} direct ${i}`) : await ca.sendToGroup(group.groupId, `${word} group ${i}`);
      sent.push(ack.messageId);
    }
    for (const [i, id] of sent.entries()) await waitForRow(id, `${word} ${i % 2 === 0 ? "direct" : "group"} ${i}`);
    const everything = await hitsFor(b.token, word);
    expect(new Set(ids(everything))).toEqual(new Set(sent));
    expect(everything).toEqual(newestFirst(everything));
    expect(everything.filter((h) => h.kind === "group")).toHaveLength(3);

    const pages = await allPages(b.token, word, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(everything);

    // Two hidden (one of each kind): the pages still come full, and skip exactly those two.
    await cb.hide({ peerId: a.id }, sent[4]!);
    await cb.hide({ groupId: group.groupId }, sent[5]!);
    const shown = everything.filter((h) => h.messageId !== sent[4] && h.messageId !== sent[5]);
    const fewer = await allPages(b.token, word, 2);
    expect(fewer.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(fewer.flat()).toEqual(shown);
    const single = await allPages(b.token, word, 1);
    expect(single.flat()).toEqual(shown);
    for (const c of [ca, cb]) c.close();
  });
});
