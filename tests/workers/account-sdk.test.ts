// The SDK's account methods against the real Worker: export, lookup by id, and deletion (the
// wrong password refused as a typed error, then the account gone and the token forgotten).
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createHttpClient, QChatError } from "../../client";
import { accountExportSchema } from "../../protocol/account";
import { BASE, seedUser } from "./helpers";

async function signedIn(prefix: string) {
  const user = await seedUser(prefix);
  const http = createHttpClient({ baseUrl: BASE, fetch: (url, init) => SELF.fetch(url, init) });
  const reply = await http.login({ login: user.username, password: user.password });
  return { http, id: reply.user.id, username: user.username, password: user.password };
}

describe("the SDK's account methods", () => {
  it("exports, looks up by id and deletes", async () => {
    const alice = await signedIn("sa");
    const bob = await signedIn("sb");
    const data = accountExportSchema.parse(await alice.http.exportAccount());
    expect(data.profile).toMatchObject({ id: alice.id, username: alice.username });

    const wrong = await alice.http.deleteAccount("not it").catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(QChatError);
    expect(wrong).toMatchObject({ code: "INVALID_CREDENTIALS", status: 401 });
    expect(alice.http.getToken()).toBeDefined();

    const reply = await alice.http.deleteAccount(alice.password);
    expect(reply.deleted).toBe(true);
    expect(alice.http.getToken()).toBeUndefined();
    expect(await bob.http.lookupUsers([alice.id, bob.id])).toEqual({
      users: [expect.objectContaining({ id: bob.id, username: bob.username })],
      deleted: [alice.id],
    });
  });
});
