// Message search after the people change: a block stops what comes next, not what was said (old
// messages are still found), and a deleted account's messages stay findable with its `from` uid.
import { describe, expect, it } from "vitest";
import { connect, friendPair } from "./chat-fixtures";
import { call } from "./helpers";
import { hitsFor, ids, uniqueWord, waitForRow } from "./search-fixtures";

describe("message search and the people in it", () => {
  it("still finds old messages with someone the caller blocked", async () => {
    const [a, b] = await friendPair();
    const cb = await connect(b);
    const word = uniqueWord("blocked");
    const sent = await cb.send(a.id, `${word} before the block`);
    await waitForRow(sent.messageId, `${word} before the block`);
    expect((await call("POST", "/v1/blocks", { token: a.token, body: { uid: b.id } })).status).toBe(201);
    expect(ids(await hitsFor(a.token, word))).toEqual([sent.messageId]);
    expect(ids(await hitsFor(b.token, word))).toEqual([sent.messageId]);
    cb.close();
  });

  it("still finds a deleted account's messages, from its uid", async () => {
    const [a, b] = await friendPair();
    const cb = await connect(b);
    const word = uniqueWord("departed");
    const sent = await cb.send(a.id, `${word} farewell`);
    await waitForRow(sent.messageId, `${word} farewell`);
    cb.close();
    const deleted = await call("POST", "/v1/me/delete", { token: b.token, body: { password: "correct horse battery" } });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(await hitsFor(a.token, word)).toEqual([expect.objectContaining({ messageId: sent.messageId, from: b.id, peerId: b.id })]);
  });
});
