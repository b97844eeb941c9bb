// /v1/groups through the real Worker: who may do what (non-member, removed member, member,
// admin, owner), as the HTTP status and error code each sees.
import { describe, expect, it } from "vitest";
import { call, requestsUntilRefused } from "./helpers";
import { befriend, member } from "./friends-fixtures";
import { createByHttp, createByRpc, groupStub, ownerWithFriends, runInGroup } from "./group-fixtures";

describe("group routes", () => {
  it("creates a group of friends; strangers are refused with NOT_FRIENDS", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const stranger = await member("gs");
    const res = await call("POST", "/v1/groups", { token: owner.token, body: { name: "  pals ", topic: "t", members: [a!.id] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: "owner", group: { name: "pals", topic: "t", ownerId: owner.id, memberCount: 2, lastSeq: 1 } });
    expect(res.body.group.groupId).toMatch(/^g[0-9a-v]{20}$/);
    const refused = await call("POST", "/v1/groups", { token: owner.token, body: { name: "x", members: [a!.id, stranger.id] } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "NOT_FRIENDS" } } });
    expect((await call("POST", "/v1/groups", { token: owner.token, body: { name: "" } })).body.error.code).toBe("VALIDATION_FAILED");
    expect((await call("POST", "/v1/groups", { body: { name: "x" } })).status).toBe(401);
  });

  it("limits group creation per user (20 an hour): 429 RATE_LIMITED", async () => {
    const [owner] = await ownerWithFriends(0);
    const { passed, refused } = await requestsUntilRefused(
      20,
      () => call("POST", "/v1/groups", { token: owner.token, body: { name: "many" } }),
      5,
    );
    expect(passed.every((s) => s === 201)).toBe(true);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("limits invite links per user (50 an hour): 429 RATE_LIMITED", async () => {
    const [owner] = await ownerWithFriends(0);
    const group = await createByHttp(owner, []);
    const invite = () => call("POST", `/v1/groups/${group.groupId}/invites`, { token: owner.token, body: {} });
    const { passed, refused } = await requestsUntilRefused(50, invite, 10);
    expect(passed.every((s) => s === 201)).toBe(true);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
  });

  it("refuses more than GROUP_MAX_MEMBERS members with GROUP_FULL", async () => {
    const [owner] = await ownerWithFriends(0);
    const groupId = "g" + "f".repeat(20);
    const members = Array.from({ length: 500 }, (_, i) => 200_000_000 + i);
    const verdict = await groupStub(groupId).create(groupId, owner.id, {
      name: "big",
      topic: "",
      avatarUrl: null,
      membersCanInvite: false,
      members,
    });
    expect(verdict).toMatchObject({ ok: false, code: "GROUP_FULL" });
    expect(await groupStub(groupId).stats()).toMatchObject({ created: false });
  });

  it("answers 404 GROUP_NOT_FOUND for malformed and unknown ids, and stores no object for them", async () => {
    const [owner] = await ownerWithFriends(0);
    for (const path of ["/v1/groups/nope", "/v1/groups/G0000000000000000000A", "/v1/groups/nope/members"]) {
      expect(await call("GET", path, { token: owner.token })).toMatchObject({ status: 404, body: { error: { code: "GROUP_NOT_FOUND" } } });
    }
    const unknown = "g" + "1".repeat(20);
    for (const [method, path] of [
      ["GET", `/v1/groups/${unknown}`],
      ["GET", `/v1/groups/${unknown}/members`],
      ["GET", `/v1/groups/${unknown}/messages`],
      ["GET", `/v1/groups/${unknown}/receipts?seqs=1`],
      ["POST", `/v1/groups/${unknown}/leave`],
      ["DELETE", `/v1/groups/${unknown}`],
    ] as const) {
      expect(await call(method, path, { token: owner.token }), `${method} ${path}`).toMatchObject({
        status: 404,
        body: { error: { code: "GROUP_NOT_FOUND" } },
      });
    }
    expect(await groupStub(unknown).stats()).toEqual({ created: false, outbox: 0, mysqlBacklog: 0 });
  });

  it("shows the group and its members to members only", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const stranger = await member("gs");
    const group = await createByHttp(owner, [a!]);
    expect(await call("GET", `/v1/groups/${group.groupId}`, { token: a!.token })).toMatchObject({ status: 200, body: { role: "member" } });
    const members = await call("GET", `/v1/groups/${group.groupId}/members`, { token: a!.token });
    expect(members.body.members.map((m: { uid: number }) => m.uid)).toEqual([owner.id, a!.id]);
    for (const path of [`/v1/groups/${group.groupId}`, `/v1/groups/${group.groupId}/members`]) {
      expect(await call("GET", path, { token: stranger.token })).toMatchObject({
        status: 404,
        body: { error: { code: "GROUP_NOT_FOUND" } },
      });
    }
  });

  it("lets admins change name, topic and avatar; only the owner changes membersCanInvite", async () => {
    const [owner, admin, plain] = await ownerWithFriends(2);
    const group = await createByHttp(owner, [admin!, plain!]);
    const path = `/v1/groups/${group.groupId}`;
    expect(await call("PATCH", path, { token: plain!.token, body: { name: "mine" } })).toMatchObject({
      status: 403,
      body: { error: { code: "GROUP_FORBIDDEN" } },
    });
    expect((await call("PATCH", `${path}/members/${admin!.id}`, { token: owner.token, body: { role: "admin" } })).status).toBe(200);
    const renamed = await call("PATCH", path, { token: admin!.token, body: { name: "renamed", topic: "rocks" } });
    expect(renamed).toMatchObject({ status: 200, body: { group: { name: "renamed", topic: "rocks" } } });
    expect((await call("PATCH", path, { token: admin!.token, body: { membersCanInvite: true } })).status).toBe(403);
    expect(await call("PATCH", path, { token: owner.token, body: { membersCanInvite: true } })).toMatchObject({
      status: 200,
      body: { group: { membersCanInvite: true } },
    });
    expect((await call("PATCH", path, { token: owner.token, body: {} })).body.error.code).toBe("VALIDATION_FAILED");
  });

  it("adds friends: admins always, members only when membersCanInvite", async () => {
    const [owner, a, b] = await ownerWithFriends(2);
    const c = await member("gc");
    await befriend(a!, c);
    const group = await createByHttp(owner, [a!]);
    const path = `/v1/groups/${group.groupId}/members`;
    expect(await call("POST", path, { token: a!.token, body: { uids: [c.id] } })).toMatchObject({
      status: 403,
      body: { error: { code: "GROUP_FORBIDDEN" } },
    });
    expect(await call("POST", path, { token: owner.token, body: { uids: [c.id] } })).toMatchObject({
      status: 403,
      body: { error: { code: "NOT_FRIENDS" } },
    });
    expect(await call("POST", path, { token: owner.token, body: { uids: [b!.id] } })).toMatchObject({
      status: 200,
      body: { group: { memberCount: 3 } },
    });
    await call("PATCH", `/v1/groups/${group.groupId}`, { token: owner.token, body: { membersCanInvite: true } });
    expect(await call("POST", path, { token: a!.token, body: { uids: [c.id] } })).toMatchObject({
      status: 200,
      body: { group: { memberCount: 4 } },
    });
    const outsider = await member("go");
    expect((await call("POST", path, { token: outsider.token, body: { uids: [owner.id] } })).status).toBe(403); // not their friend
    await befriend(outsider, c);
    expect(await call("POST", path, { token: outsider.token, body: { uids: [c.id] } })).toMatchObject({
      status: 404,
      body: { error: { code: "GROUP_NOT_FOUND" } },
    });
  });

  it("removes members by role: admins remove members, only the owner removes admins, nobody the owner", async () => {
    const [owner, admin, admin2, plain, plain2] = await ownerWithFriends(4);
    const group = await createByHttp(owner, [admin!, admin2!, plain!, plain2!]);
    const base = `/v1/groups/${group.groupId}`;
    for (const m of [admin!, admin2!]) await call("PATCH", `${base}/members/${m.id}`, { token: owner.token, body: { role: "admin" } });
    const remove = (by: typeof owner, uid: number) => call("DELETE", `${base}/members/${uid}`, { token: by.token });
    expect((await remove(plain!, plain2!.id)).body.error.code).toBe("GROUP_FORBIDDEN");
    expect((await remove(admin!, admin2!.id)).body.error.code).toBe("GROUP_FORBIDDEN");
    expect((await remove(admin!, owner.id)).body.error.code).toBe("GROUP_FORBIDDEN");
    expect(await remove(admin!, plain!.id)).toMatchObject({ status: 200, body: { group: { memberCount: 4 } } });
    expect(await remove(owner, admin2!.id)).toMatchObject({ status: 200, body: { group: { memberCount: 3 } } });
    // A removed member no longer sees the group.
    expect(await call("GET", base, { token: plain!.token })).toMatchObject({ status: 404, body: { error: { code: "GROUP_NOT_FOUND" } } });
    expect((await call("GET", `${base}/members`, { token: admin2!.token })).status).toBe(404);
  });

  it("lets members leave; the owner must transfer first unless they are the last member", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const group = await createByHttp(owner, [a!]);
    const base = `/v1/groups/${group.groupId}`;
    const refused = await call("POST", `${base}/leave`, { token: owner.token });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "GROUP_FORBIDDEN" } } });
    expect(refused.body.error.message).toMatch(/transfer/);
    expect(await call("DELETE", `${base}/members/${a!.id}`, { token: a!.token })).toMatchObject({
      status: 200,
      body: { group: { memberCount: 1 } },
    });
    expect((await call("GET", base, { token: a!.token })).status).toBe(404);
    // The last member: leaving ends the group.
    expect(await call("POST", `${base}/leave`, { token: owner.token })).toMatchObject({ status: 200, body: { ok: true } });
    expect((await call("GET", base, { token: owner.token })).status).toBe(404);
  });

  it("changes roles and transfers ownership only as the owner; the old owner becomes an admin", async () => {
    const [owner, a, b] = await ownerWithFriends(2);
    const group = await createByHttp(owner, [a!, b!]);
    const base = `/v1/groups/${group.groupId}`;
    expect((await call("PATCH", `${base}/members/${b!.id}`, { token: a!.token, body: { role: "admin" } })).status).toBe(403);
    expect((await call("PATCH", `${base}/members/${a!.id}`, { token: owner.token, body: { role: "admin" } })).status).toBe(200);
    // An admin still cannot promote, transfer or dissolve.
    expect((await call("PATCH", `${base}/members/${b!.id}`, { token: a!.token, body: { role: "admin" } })).body.error.code).toBe(
      "GROUP_FORBIDDEN",
    );
    expect((await call("POST", `${base}/owner`, { token: a!.token, body: { to: a!.id } })).body.error.code).toBe("GROUP_FORBIDDEN");
    expect((await call("DELETE", base, { token: a!.token })).body.error.code).toBe("GROUP_FORBIDDEN");
    expect((await call("PATCH", `${base}/members/${owner.id}`, { token: owner.token, body: { role: "member" } })).status).toBe(403);
    const moved = await call("POST", `${base}/owner`, { token: owner.token, body: { to: b!.id } });
    expect(moved).toMatchObject({ status: 200, body: { group: { ownerId: b!.id } } });
    const roles = (await call("GET", `${base}/members`, { token: owner.token })).body.members.map((m: { uid: number; role: string }) => [
      m.uid,
      m.role,
    ]);
    expect(roles).toEqual(
      expect.arrayContaining([
        [b!.id, "owner"],
        [owner.id, "admin"],
        [a!.id, "admin"],
      ]),
    );
    expect((await call("POST", `${base}/leave`, { token: owner.token })).status).toBe(200);
  });

  it("dissolves as the owner only; afterwards the group is gone for everyone", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const group = await createByHttp(owner, [a!]);
    const base = `/v1/groups/${group.groupId}`;
    expect((await call("DELETE", base, { token: a!.token })).status).toBe(403);
    expect(await call("DELETE", base, { token: owner.token })).toMatchObject({ status: 200, body: { ok: true } });
    for (const m of [owner, a!]) expect((await call("GET", base, { token: m.token })).body.error.code).toBe("GROUP_NOT_FOUND");
    expect((await call("DELETE", base, { token: owner.token })).status).toBe(404);
    expect(await groupStub(group.groupId).post({ from: owner.id, clientMsgId: "late", body: "anyone?" })).toMatchObject({
      ok: false,
      code: "GROUP_NOT_FOUND",
    });
  });

  it("joins by invite; expired and revoked invites are INVITE_INVALID", async () => {
    const [owner, a] = await ownerWithFriends(1);
    const [joiner, late] = [await member("gj"), await member("gl")];
    const group = await createByRpc(owner, [a!]);
    const base = `/v1/groups/${group.groupId}`;
    expect((await call("POST", `${base}/invites`, { token: a!.token, body: {} })).body.error.code).toBe("GROUP_FORBIDDEN");
    expect((await call("POST", `${base}/invites`, { token: joiner.token, body: {} })).body.error.code).toBe("GROUP_NOT_FOUND");
    const invite = await call("POST", `${base}/invites`, { token: owner.token, body: { ttlSeconds: 3600 } });
    expect(invite.status).toBe(201);
    expect(Date.parse(invite.body.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    const joined = await call("POST", "/v1/groups/join", { token: joiner.token, body: { token: invite.body.token } });
    expect(joined).toMatchObject({ status: 200, body: { role: "member", group: { memberCount: 3 } } });
    // Revoked.
    const tokenPath = `${base}/invites/${encodeURIComponent(invite.body.token)}`;
    expect((await call("DELETE", tokenPath, { token: a!.token })).body.error.code).toBe("GROUP_FORBIDDEN");
    expect(await call("DELETE", tokenPath, { token: owner.token })).toMatchObject({ status: 200 });
    expect(await call("POST", "/v1/groups/join", { token: late.token, body: { token: invite.body.token } })).toMatchObject({
      status: 404,
      body: { error: { code: "INVITE_INVALID" } },
    });
    // Expired: the shortest link, aged past its end in the object.
    const short = await call("POST", `${base}/invites`, { token: owner.token, body: { ttlSeconds: 60 } });
    await runInGroup(group.groupId, (sql) => sql.exec("UPDATE invites SET expires_at = ?", Date.now() - 1));
    expect((await call("POST", "/v1/groups/join", { token: late.token, body: { token: short.body.token } })).body.error.code).toBe(
      "INVITE_INVALID",
    );
    for (const token of ["not-a-token-at-all", `${group.groupId}.AAAAAAAAAAAAAAAAAAAAAAAA`]) {
      expect((await call("POST", "/v1/groups/join", { token: late.token, body: { token } })).body.error.code).toBe("INVITE_INVALID");
    }
    expect((await call("GET", base, { token: late.token })).status).toBe(404);
  });
});
