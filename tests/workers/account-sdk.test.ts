// The SDK's account methods against the real Worker: export, lookup by id, and deletion (the
// wrong password refused as a typed error, then the account gone and the token forgotten).
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createChatClient, createHttpClient, QChatError } from "../../client";
import { accountExportSchema } from "../../protocol/account";
import { ACCOUNT_DELETED_CLOSE_CODE } from "../../protocol/account";
import { openWorkerSocket, waitFor } from "./chat-fixtures";
import { BASE, seedUser } from "./helpers";

async function signedIn(prefix: string) {
  const user = await seedUser(prefix);
  const http = createHttpClient({ baseUrl: BASE, fetch: (url, init) => SELF.fetch(url, init) });
  const reply = await http.login({ login: user.username, password: user.password });
  return { http, id: reply.user.id, username: user.username, password: user.password, token: reply.token };
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

  it("a chat client stops for good when its account is deleted (4010), without reconnecting", async () => {
    const alice = await signedIn("sc");
    const chat = createChatClient({ url: `${BASE.replace(/^http/, "ws")}/v1/ws`, token: alice.token, openSocket: openWorkerSocket });
    chat.start();
    await chat.whenOpen();
    await alice.http.deleteAccount(alice.password);
    const state = await waitFor(() => (chat.state.status === "stopped" ? chat.state : undefined), 10_000, "the client to stop");
    expect(state).toMatchObject({ reason: { code: "AUTH_ENDED", closeCode: ACCOUNT_DELETED_CLOSE_CODE } });
    chat.stop();
  });
});
