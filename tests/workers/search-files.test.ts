// A message with an attachment is found by its caption, and the hit carries the file (its
// metadata, as history shows it) so a client can show it in the result list.
import { describe, expect, it } from "vitest";
import { storedPng } from "./attach-fixtures";
import { connect, friendPair } from "./chat-fixtures";
import { hitsFor, uniqueWord, waitForRow } from "./search-fixtures";

describe("message search and attachments", () => {
  it("finds a file message by its caption, with the file in the hit", async () => {
    const [a, b] = await friendPair();
    const file = await storedPng(a.id, "beach.png");
    const ca = await connect(a);
    const word = uniqueWord("sunset");
    const sent = await ca.send(b.id, `${word} at the beach`, { fileId: file.id });
    await waitForRow(sent.messageId, `${word} at the beach`);
    expect(await hitsFor(b.token, word)).toEqual([
      expect.objectContaining({ kind: "direct", messageId: sent.messageId, body: `${word} at the beach`, file }),
    ]);
    ca.close();
  });
});
