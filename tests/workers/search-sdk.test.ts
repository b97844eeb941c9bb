// The SDK's message search against the real Worker: a hit, paging with the cursor, and the typed error.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createHttpClient, QChatError } from "../../client";
import { connect, friendPair } from "./chat-fixtures";
import { BASE } from "./helpers";
import { uniqueWord, waitForRow } from "./search-fixtures";

describe("the SDK's searchMessages", () => {
  it("finds messages page by page and rejects a too-short query with QUERY_TOO_SHORT", async () => {
    const [a, b] = await friendPair();
    const ca = await connect(a);
    const word = uniqueWord("sdkword");
    const first = await ca.send(b.id, `${word} one`);
    const second = await ca.send(b.id, `${word} two`);
    await waitForRow(first.messageId, `${word} one`);
    await waitForRow(second.messageId, `${word} two`);
    const http = createHttpClient({ baseUrl: BASE, token: b.token, fetch: (url, init) => SELF.fetch(url, init) });
    const page1 = await http.searchMessages(word, { limit: 1 });
    expect(page1.hits).toEqual([expect.objectContaining({ kind: "direct", messageId: second.messageId, peerId: a.id, from: a.id })]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await http.searchMessages(word, { limit: 1, cursor: page1.nextCursor! });
    expect(page2.hits.map((h) => h.messageId)).toEqual([first.messageId]);
    expect(page2.nextCursor).toBeNull();
    const tooShort = await http.searchMessages("hi").catch((e: unknown) => e);
    expect(tooShort).toBeInstanceOf(QChatError);
    expect(tooShort).toMatchObject({ code: "QUERY_TOO_SHORT", status: 400 });
    ca.close();
  });
});
