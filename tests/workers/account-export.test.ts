// GET /v1/me/export through the real Worker: the caller's data from MySQL as a JSON download,
// with other people only by their public fields, and no secrets.
import { describe, expect, it } from "vitest";
import { accountExportSchema } from "../../protocol/account";
import { accountWithData, exportOf } from "./account-fixtures";
import { member } from "./friends-fixtures";
import { call } from "./helpers";

describe("account export", () => {
  it("holds the profile, friends, requests, blocks, groups, messages both ways, own group messages and files", async () => {
    const { me, friend, asker, blocked, group, file } = await accountWithData();
    const res = await exportOf(me);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="qchat-export-${me.id}.json"`);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const data = accountExportSchema.parse(JSON.parse(res.text));
    expect(data.profile).toMatchObject({ id: me.id, username: me.username, email: me.email });
    expect(data.friends).toEqual([expect.objectContaining({ id: friend.id, username: friend.username, alias: "" })]);
    expect(data.friendRequests).toContainEqual(
      expect.objectContaining({ from: asker.id, to: me.id, message: "add me", status: "pending" }),
    );
    expect(data.blocked).toEqual([expect.objectContaining({ uid: blocked.id })]);
    expect(data.groups).toEqual([expect.objectContaining({ groupId: group.groupId, role: "owner" })]);
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]!.peerId).toBe(friend.id);
    expect(data.conversations[0]!.messages.map((m) => [m.from, m.body])).toEqual([
      [me.id, "hello friend"],
      [friend.id, "hello me"],
    ]);
    // Only the messages they sent in groups: the friend's group message is theirs, not the caller's.
    expect(data.groupMessages).toEqual([
      { groupId: group.groupId, messages: [expect.objectContaining({ from: me.id, body: "hello group" })] },
    ]);
    expect(data.files).toEqual([expect.objectContaining({ id: file.id, name: "notes.pdf", download: `/v1/files/${file.id}` })]);
    // No secrets and nobody else's email.
    expect(res.text).not.toMatch(/pbkdf2|password|refresh|token/i);
    for (const other of [friend, asker, blocked]) expect(res.text).not.toContain(other.email);
  });

  it("exports only the caller's own account, and only with a token", async () => {
    const { me, friend } = await accountWithData();
    const theirs = accountExportSchema.parse(JSON.parse((await exportOf(friend)).text));
    expect(theirs.profile.id).toBe(friend.id);
    expect(JSON.stringify(theirs)).not.toContain(me.email);
    expect((await call("GET", "/v1/me/export")).status).toBe(401);
  });

  it("an account with nothing exports empty lists", async () => {
    const loner = await member("lone");
    const data = accountExportSchema.parse(JSON.parse((await exportOf(loner)).text));
    expect(data).toMatchObject({
      friends: [],
      friendRequests: [],
      blocked: [],
      groups: [],
      conversations: [],
      groupMessages: [],
      files: [],
    });
  });

  it("is rate-limited: five exports an hour", async () => {
    const m = await member("exp");
    for (let i = 0; i < 5; i++) expect((await exportOf(m)).status).toBe(200);
    const refused = await exportOf(m);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).error.code).toBe("RATE_LIMITED");
  });
});
