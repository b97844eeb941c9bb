// Message search over 1:1 conversations: who finds what (both sides, nobody else), recalled,
// edited and hidden messages, prefixes, CJK, hostile input, and the per-user limit.
import { describe, expect, it } from "vitest";
import { connect, friendPair } from "./chat-fixtures";
import { member } from "./friends-fixtures";
import { requestsUntilRefused } from "./helpers";
import { hitsFor, ids, searchMessages, uniqueWord, waitForHit, waitForRow } from "./search-fixtures";

describe("message search in 1:1 conversations", () => {
  it("finds a word for both sides, with where the message lives, and not for anyone else", async () => {
    const [a, b] = await friendPair();
    const stranger = await member("st");
    const ca = await connect(a);
    const word = uniqueWord("walrus");
    const sent = await ca.send(b.id, `the ${word} sings at dawn`);
    const hit = await waitForHit(b.token, word, sent.messageId, `the ${word} sings at dawn`);
    expect(hit).toEqual({
      kind: "direct",
      messageId: sent.messageId,
      peerId: a.id,
      seq: sent.seq,
      from: a.id,
      body: `the ${word} sings at dawn`,
      sentAt: expect.any(String),
    });
    expect(await hitsFor(a.token, `${word} dawn`)).toEqual([{ ...hit, peerId: b.id }]);
    // Stopwords (InnoDB's list: "the", "about"...) are not indexed; asking for one must not hide the hit.
    expect(ids(await hitsFor(a.token, `the ${word}`))).toEqual([sent.messageId]);
    expect(ids(await hitsFor(a.token, `${word} the`))).toEqual([sent.messageId]);
    // Every word must match.
    expect(await hitsFor(a.token, `${word} sunset`)).toEqual([]);
    expect(await hitsFor(stranger.token, word)).toEqual([]);
    ca.close();
  });

  it("never finds a recalled message, and finds an edited one by its new text only", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const [gone, old, fresh] = [uniqueWord("recalled"), uniqueWord("before"), uniqueWord("after")];
    const recalled = await ca.send(b.id, `${gone} message`);
    const edited = await ca.send(b.id, `${old} text`);
    expect(await waitForHit(b.token, gone, recalled.messageId, `${gone} message`)).toBeDefined();
    expect(await waitForHit(b.token, old, edited.messageId, `${old} text`)).toBeDefined();
    await ca.recall(recalled.messageId);
    await ca.edit(edited.messageId, `${fresh} text`);
    await waitForRow(recalled.messageId, null);
    expect(await hitsFor(b.token, gone)).toEqual([]);
    expect(await hitsFor(a.token, gone)).toEqual([]);
    const hit = await waitForHit(b.token, fresh, edited.messageId, `${fresh} text`);
    expect(hit).toMatchObject({ body: `${fresh} text`, editedAt: expect.any(String) });
    expect(await hitsFor(b.token, old)).toEqual([]);
    ca.close();
  });

  it("leaves out a message the caller hid (delete for me), for them only", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const word = uniqueWord("hidden");
    const kept = await ca.send(b.id, `${word} one`);
    const hidden = await ca.send(b.id, `${word} two`);
    await waitForRow(kept.messageId, `${word} one`);
    await waitForRow(hidden.messageId, `${word} two`);
    expect(ids(await hitsFor(a.token, word))).toEqual([hidden.messageId, kept.messageId]);
    await ca.hide({ peerId: b.id }, hidden.messageId);
    expect(ids(await hitsFor(a.token, word))).toEqual([kept.messageId]);
    expect(ids(await hitsFor(b.token, word))).toEqual([hidden.messageId, kept.messageId]);
    // Hiding the whole conversation hides everything up to now.
    await ca.hide({ peerId: b.id });
    expect(await hitsFor(a.token, word)).toEqual([]);
    expect(await hitsFor(b.token, word)).toHaveLength(2);
    ca.close();
  });

  it("matches the last word as a prefix, any case, and ignores words under 3 characters", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const word = uniqueWord("hippopotamus");
    const sent = await ca.send(b.id, `a ${word} is here`);
    await waitForRow(sent.messageId, `a ${word} is here`);
    expect(ids(await hitsFor(b.token, word.slice(0, 7)))).toEqual([sent.messageId]);
    expect(ids(await hitsFor(b.token, word.toUpperCase()))).toEqual([sent.messageId]);
    // "a" and "is" are too short to search for: only the long word counts.
    expect(ids(await hitsFor(b.token, `a ${word} is`))).toEqual([sent.messageId]);
    ca.close();
  });

  it("answers QUERY_TOO_SHORT when no word has 3 characters, and VALIDATION_FAILED for a bad query", async () => {
    const [a] = await friendPair();
    for (const q of ["ab", "a b c", "!! ?? ++", "-- ** ()", "the", "what about"]) {
      const res = await searchMessages(a.token, q);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe("QUERY_TOO_SHORT");
    }
    for (const [q, page] of [
      ["", {}],
      ["x".repeat(201), {}],
      ["walrus", { limit: 0 }],
      ["walrus", { limit: 51 }],
      ["walrus", { cursor: "not-a-cursor" }],
    ] as const) {
      const res = await searchMessages(a.token, q, page);
      expect(res.status, JSON.stringify([q.slice(0, 10), page])).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
    expect((await searchMessages("", "walrus")).status).toBe(401);
  });

  it("finds CJK text by a substring, with LIKE wildcards taken literally", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const tag = uniqueWord("cjk");
    const chinese = await ca.send(b.id, `${tag} 今天天气很好`);
    const japanese = await ca.send(b.id, `${tag} 東京の天気は晴れです`);
    const wild = await ca.send(b.id, `${tag} 天a气`);
    await waitForRow(wild.messageId, `${tag} 天a气`);
    expect(ids(await hitsFor(b.token, "天气"))).toEqual([chinese.messageId]);
    expect(ids(await hitsFor(a.token, "天気 晴れ"))).toEqual([japanese.messageId]);
    // `_` and `%` match themselves, not any character.
    expect(await hitsFor(b.token, "天_气")).toEqual([]);
    // Punctuation separates words: "天%气" asks for both characters anywhere in the text.
    expect(ids(await hitsFor(b.token, "天%气"))).toEqual([wild.messageId, chinese.messageId]);
    expect(await hitsFor((await member("st")).token, "天气")).toEqual([]);
    ca.close();
  });

  it("treats SQL and FULLTEXT operators in the query as plain words", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const word = uniqueWord("robert");
    const sent = await ca.send(b.id, `${word} said drop table students`);
    await waitForRow(sent.messageId, `${word} said drop table students`);
    for (const q of [
      `${word}'); DROP TABLE messages; --`,
      `+${word} -said`,
      `"${word} said" @8`,
      `(${word}) ~said <drop >table`,
      `${word}*`,
      `${word}' OR '1'='1`,
    ]) {
      const res = await searchMessages(b.token, q);
      expect(res.status, q).toBe(200);
    }
    // `-said` is not "without said": every word is required.
    expect(ids(await hitsFor(b.token, `+${word} -said`))).toEqual([sent.messageId]);
    expect(ids(await hitsFor(b.token, `(${word}) ~said <drop >table`))).toEqual([sent.messageId]);
    expect(await hitsFor(b.token, `${word}'); DROP TABLE messages; --`)).toEqual([]);
    expect(ids(await hitsFor(b.token, word))).toEqual([sent.messageId]);
    ca.close();
  });

  it("limits searches per user (30 a minute) with 429 RATE_LIMITED", async () => {
    const [a] = await friendPair();
    const { passed, refused } = await requestsUntilRefused(30, () => searchMessages(a.token, "anything"), 10);
    expect(passed.every((s) => s === 200)).toBe(true);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
