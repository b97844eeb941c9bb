// The SDK's block methods against the real Worker.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createHttpClient, QChatError } from "../../client";
import { BASE, seedUser } from "./helpers";

async function signedIn(prefix: string) {
  const user = await seedUser(prefix);
  const http = createHttpClient({ baseUrl: BASE, fetch: (url, init) => SELF.fetch(url, init) });
  const reply = await http.login({ login: user.username, password: user.password });
  return { http, id: reply.user.id, username: user.username };
}

describe("the SDK's block methods", () => {
  it("blocks, lists and unblocks", async () => {
    const alice = await signedIn("ka");
    const bob = await signedIn("kb");
    const block = await alice.http.blockUser(bob.id);
    expect(block.user).toMatchObject({ id: bob.id, username: bob.username });
    expect((await alice.http.listBlocked()).map((b) => b.user.id)).toEqual([bob.id]);
    await alice.http.unblockUser(bob.id);
    expect(await alice.http.listBlocked()).toEqual([]);
    const again = await alice.http.unblockUser(bob.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(QChatError);
    expect(again).toMatchObject({ code: "USER_NOT_FOUND", status: 404 });
  });
});
