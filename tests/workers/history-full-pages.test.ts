import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { connect, friendPair, waitFor } from "./chat-fixtures";
import { groupOfThree } from "./group-member-fixtures";

type Page = { items: { seq: number; messageId: string | null; body: string | null }[]; nextBefore: number | null };

/** Every page of a history route, oldest page last, following nextBefore (at most 20 pages). */
async function allPages(token: string, path: string, key: "messages" | "entries", limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let before: number | null | undefined;
  while (before !== null && pages.length < 20) {
    const res = await call("GET", `${path}?limit=${limit}${before === undefined ? "" : `&before=${before}`}`, { token });
    expect(res.status).toBe(200);
    pages.push({ items: res.body[key], nextBefore: res.body.nextBefore });
    before = res.body.nextBefore;
  }
  return pages;
}

/** Every page but the last holds `limit` entries, and the last one is not empty. */
function expectFullPages(pages: Page[], limit: number) {
  for (const p of pages.slice(0, -1)) expect(p.items).toHaveLength(limit);
  expect(pages[pages.length - 1]!.items.length).toBeGreaterThan(0);
}

describe("history pages with hidden messages", () => {
  it("1:1: pages are full and every shown message comes exactly once", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const sent: { messageId: string }[] = [];
    for (let i = 1; i <= 8; i++) sent.push(await ca.send(b.id, `m${i}`));
    const path = `/v1/conversations/${b.id}/messages`;
    await waitFor(async () => (await call("GET", path, { token: a.token })).body.messages.length === 8, 10_000, "eight messages");
    for (const i of [2, 4, 5, 7, 8]) await ca.hide({ peerId: b.id }, sent[i - 1]!.messageId);
    for (const limit of [3, 2, 1]) {
      const pages = await allPages(a.token, path, "messages", limit);
      expectFullPages(pages, limit);
      expect(pages.flatMap((p) => p.items.map((m) => m.body))).toEqual(["m6", "m3", "m1"]);
    }
    // Hidden newest first: the first page is still full, not empty.
    const [first] = await allPages(a.token, path, "messages", 3);
    expect(first!.items.map((m) => m.body)).toEqual(["m6", "m3", "m1"]);
    expect(first!.nextBefore).toBeNull();
    // The other side sees everything.
    const theirs = await allPages(b.token, `/v1/conversations/${a.id}/messages`, "messages", 3);
    expect(theirs.flatMap((p) => p.items)).toHaveLength(8);
    expectFullPages(theirs, 3);
    // After hiding all, one new message: one page with it alone, and nothing older.
    await ca.hide({ peerId: b.id });
    await ca.send(b.id, "m9");
    await waitFor(async () => (await call("GET", path, { token: a.token })).body.messages.length === 1, 10_000, "the new message");
    const after = await allPages(a.token, path, "messages", 3);
    expect(after).toEqual([{ items: [expect.objectContaining({ body: "m9" })], nextBefore: null }]);
    ca.close();
  });

  it("groups: pages are full and every shown entry comes exactly once", async () => {
    const { owner, b, group } = await groupOfThree();
    const [co, cb] = await Promise.all([connect(owner), connect(b)]);
    const sent: { messageId: string }[] = [];
    for (let i = 1; i <= 8; i++) sent.push(await co.sendToGroup(group.groupId, `g${i}`));
    await cb.nextEvent("group_message", (e) => e.message.messageId === sent[7]!.messageId);
    for (const i of [1, 3, 6, 7, 8]) await cb.hide({ groupId: group.groupId }, sent[i - 1]!.messageId);
    const path = `/v1/groups/${group.groupId}/messages`;
    const everything = (await allPages(owner.token, path, "entries", 100)).flatMap((p) => p.items);
    for (const limit of [3, 2]) {
      const pages = await allPages(b.token, path, "entries", limit);
      expectFullPages(pages, limit);
      const seen = pages.flatMap((p) => p.items);
      expect(seen.filter((e) => e.messageId !== null).map((e) => e.body)).toEqual(["g5", "g4", "g2"]);
      // The group's changes (creation) are never hidden, and nothing comes twice.
      expect(seen.filter((e) => e.messageId === null)).toHaveLength(everything.filter((e) => e.messageId === null).length);
      expect(new Set(seen.map((e) => e.seq)).size).toBe(seen.length);
    }
    co.close();
    cb.close();
  });
});
