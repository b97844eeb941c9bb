// The SDK's /v1/groups methods against a scripted fetch: each hits its route with its method,
// body and query, unwraps what it documents, and surfaces the server's group error codes.
import { describe, expect, it } from "vitest";
import { createHttpClient, QChatError, type FetchLike } from "../../client";

const GID = "g0123456789abcdefghij";
const BOB = 517204938;

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A fetch that records each call and answers with the next scripted reply ({ok: true} after them). */
function scriptedFetch(...replies: { status?: number; body: unknown }[]) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ method: String(init.method), url, body: typeof init.body === "string" ? JSON.parse(init.body) : undefined });
    const reply = replies.shift() ?? { body: { ok: true } };
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200 });
  };
  return { fetch, calls };
}

describe("group routes of createHttpClient", () => {
  it("calls every /v1/groups route with its method, path and body", async () => {
    const group = { groupId: GID, name: "hikers" };
    const { fetch, calls } = scriptedFetch(
      { status: 201, body: { group, role: "owner" } },
      { body: { groups: [{ ...group, unread: 2 }] } },
      { body: { group, role: "member" } },
      { body: { group: { ...group, topic: "Sunday walks" } } },
      { body: { ok: true } },
      { body: { members: [{ uid: BOB, role: "member" }] } },
      { body: { group: { ...group, memberCount: 2 } } },
    );
    const http = createHttpClient({ baseUrl: "http://qchat.test/api", fetch, token: "t" });
    expect(await http.createGroup({ name: "hikers", members: [BOB] })).toEqual({ group, role: "owner" });
    expect(await http.listGroups()).toEqual([{ ...group, unread: 2 }]);
    expect((await http.getGroup(GID)).role).toBe("member");
    expect(await http.updateGroup(GID, { topic: "Sunday walks" })).toEqual({ ...group, topic: "Sunday walks" });
    await http.dissolveGroup(GID);
    expect(await http.listGroupMembers(GID)).toEqual([{ uid: BOB, role: "member" }]);
    expect(await http.addGroupMembers(GID, [BOB])).toEqual({ ...group, memberCount: 2 });
    await http.removeGroupMember(GID, BOB);
    await http.setGroupRole(GID, BOB, "admin");
    await http.leaveGroup(GID);
    await http.transferGroupOwner(GID, BOB);
    await http.createGroupInvite(GID, 3600);
    await http.createGroupInvite(GID);
    await http.revokeGroupInvite(GID, "tok/en+1");
    await http.joinGroup("invite-token-1");
    await http.groupHistory(GID, { before: 40, limit: 20 });
    await http.groupReceipts(GID, [3, 4]);
    await http.muteGroup(GID, true);

    const base = "http://qchat.test/api/v1/groups";
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST ${base}`,
      `GET ${base}`,
      `GET ${base}/${GID}`,
      `PATCH ${base}/${GID}`,
      `DELETE ${base}/${GID}`,
      `GET ${base}/${GID}/members`,
      `POST ${base}/${GID}/members`,
      `DELETE ${base}/${GID}/members/${BOB}`,
      `PATCH ${base}/${GID}/members/${BOB}`,
      `POST ${base}/${GID}/leave`,
      `POST ${base}/${GID}/owner`,
      `POST ${base}/${GID}/invites`,
      `POST ${base}/${GID}/invites`,
      `DELETE ${base}/${GID}/invites/tok%2Fen%2B1`,
      `POST ${base}/join`,
      `GET ${base}/${GID}/messages?before=40&limit=20`,
      `GET ${base}/${GID}/receipts?seqs=3%2C4`,
      `PUT ${base}/${GID}/mute`,
    ]);
    expect(calls.map((c) => c.body)).toEqual([
      { name: "hikers", members: [BOB] },
      undefined,
      undefined,
      { topic: "Sunday walks" },
      undefined,
      undefined,
      { uids: [BOB] },
      undefined,
      { role: "admin" },
      undefined,
      { to: BOB },
      { ttlSeconds: 3600 },
      {},
      undefined,
      { token: "invite-token-1" },
      undefined,
      undefined,
      { muted: true },
    ]);
  });

  it("surfaces the server's group error codes as QChatError", async () => {
    const error = (status: number, code: string) => ({ status, body: { error: { code, message: code.toLowerCase() } } });
    const { fetch } = scriptedFetch(
      error(404, "GROUP_NOT_FOUND"),
      error(403, "GROUP_FORBIDDEN"),
      error(409, "GROUP_FULL"),
      error(404, "INVITE_INVALID"),
    );
    const http = createHttpClient({ baseUrl: "http://qchat.test", fetch, token: "t" });
    const notFound = await http.getGroup(GID).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(QChatError);
    expect(notFound).toMatchObject({ code: "GROUP_NOT_FOUND", status: 404 });
    await expect(http.updateGroup(GID, { name: "x" })).rejects.toMatchObject({ code: "GROUP_FORBIDDEN", status: 403 });
    await expect(http.addGroupMembers(GID, [BOB])).rejects.toMatchObject({ code: "GROUP_FULL", status: 409 });
    await expect(http.joinGroup("expired-token")).rejects.toMatchObject({ code: "INVITE_INVALID", status: 404 });
  });
});
