// POST /v1/me/delete through the real Worker and sockets: the password again, then nothing of the
// user left where docs/privacy.md says it is removed (read from MySQL, R2 and the user's object),
// while their messages stay in the other side's history under their id.
import { env } from "cloudflare:workers";
import { eq, inArray, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ACCOUNT_DELETED_CLOSE_CODE, deleteAccountReplySchema } from "../../protocol/account";
import { blocks, deletedAccounts, files, friendRequests, friendships, groupMembers, users } from "../../schema";
import { accountWithData } from "./account-fixtures";
import { connect, friendPair, inUserObject, rawSocket, sleep, userStub, waitFor } from "./chat-fixtures";
import { BASE, call, latestCode, login, redis } from "./helpers";
import { SELF } from "cloudflare:test";
import { testDb } from "./mysql-rows";

const PASSWORD = "correct horse battery";

/** Rows of every table in a user's object, but the schema version the object writes for itself. */
async function objectRows(uid: number): Promise<Record<string, unknown[]>> {
  return inUserObject(uid, (sql) => {
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray()
      .map((t) => t.name);
    const rows: Record<string, unknown[]> = {};
    for (const table of tables) {
      const found = sql.exec(`SELECT * FROM ${table}`).toArray();
      const kept = table === "kv" ? found.filter((r) => r.key !== "schema_version") : found;
      if (kept.length > 0) rows[table] = kept;
    }
    return rows;
  });
}

describe("account deletion", () => {
  it("refuses a wrong password with 401 INVALID_CREDENTIALS and removes nothing", async () => {
    const [a, b] = await friendPair();
    const res = await call("POST", "/v1/me/delete", { token: a.token, body: { password: "not my password" } });
    expect([res.status, res.body.error.code]).toEqual([401, "INVALID_CREDENTIALS"]);
    expect((await call("GET", "/v1/me", { token: a.token })).status).toBe(200);
    const friends = await call("GET", "/v1/friends", { token: a.token });
    expect(friends.body.friends.map((f: { id: number }) => f.id)).toEqual([b.id]);
    // Another user's token deletes only its own account, and only with its own password.
    const other = await call("POST", "/v1/me/delete", { token: b.token, body: { password: "wrong for b" } });
    expect(other.status).toBe(401);
    expect((await call("GET", "/v1/me", { token: a.token })).body.user.id).toBe(a.id);
  });

  it("counts wrong passwords against the login limit, shared with the login route", async () => {
    const [a] = await friendPair();
    // The login that made the token counted too: the tenth attempt in all is the last allowed.
    const statuses: number[] = [];
    for (let i = 0; i < 12 && statuses.at(-1) !== 429; i++) {
      statuses.push((await call("POST", "/v1/me/delete", { token: a.token, body: { password: `guess ${i}` } })).status);
    }
    expect(statuses).toEqual([...Array<number>(9).fill(401), 429]);
    const refused = await call("POST", "/v1/me/delete", { token: a.token, body: { password: PASSWORD } });
    expect([refused.status, refused.body.error.code]).toEqual([429, "RATE_LIMITED"]);
    const loginRefused = await call("POST", "/v1/auth/login", { body: { login: a.username, password: PASSWORD } });
    expect(loginRefused.status).toBe(429);
  });

  it("leaves nothing of the user where the docs say it is removed; the peer keeps the messages", async () => {
    const { me, friend, asker, blocked, file } = await accountWithData();
    const session = await login(me.username, PASSWORD);
    const socket = await rawSocket(me.token, "doomed");
    const friendConn = await connect(friend, "watch");

    const res = await call("POST", "/v1/me/delete", { token: me.token, body: { password: PASSWORD } });
    expect(res.status).toBe(200);
    const reply = deleteAccountReplySchema.parse(res.body);
    expect(reply.removed).toMatchObject({ friendships: 1, friendRequests: 2, blocks: 1, groupsLeft: 1, files: 1 });
    expect(reply.removed.sessions).toBeGreaterThanOrEqual(2);

    // Sockets closed with 4010; the friend's devices were told.
    expect((await socket.closed).code).toBe(ACCOUNT_DELETED_CLOSE_CODE);
    expect(await friendConn.nextEvent("friend_removed")).toMatchObject({ friendId: me.id });

    // Every token refused, old and new; no login; no socket.
    for (const token of [me.token, session.token]) expect((await call("GET", "/v1/me", { token })).status).toBe(401);
    expect((await call("POST", "/v1/auth/refresh", { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    const loginAgain = await call("POST", "/v1/auth/login", { body: { login: me.username, password: PASSWORD } });
    expect([loginAgain.status, loginAgain.body.error.code]).toEqual([401, "INVALID_CREDENTIALS"]);
    const upgrade = await SELF.fetch(`${BASE}/v1/ws`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${session.token}` } });
    expect(upgrade.status).toBe(401);

    // MySQL: the profile gone, the id remembered as deleted, nothing social left either way.
    const db = testDb();
    expect(await db.select().from(users).where(eq(users.id, me.id))).toEqual([]);
    expect(await db.select().from(deletedAccounts).where(eq(deletedAccounts.id, me.id))).toHaveLength(1);
    expect(
      await db
        .select()
        .from(friendships)
        .where(or(eq(friendships.userId, me.id), eq(friendships.friendId, me.id))),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(friendRequests)
        .where(or(eq(friendRequests.fromUserId, me.id), eq(friendRequests.toUserId, me.id))),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(blocks)
        .where(or(eq(blocks.blockerId, me.id), eq(blocks.blockedId, me.id))),
    ).toEqual([]);
    await waitFor(
      async () => (await db.select().from(groupMembers).where(eq(groupMembers.userId, me.id))).length === 0,
      20_000,
      "group membership gone from MySQL",
    );
    // Files: rows and bytes.
    expect(await db.select().from(files).where(eq(files.uploaderId, me.id))).toEqual([]);
    expect(await env.FILES.head(file.id)).toBeNull();
    // The object: no row of theirs.
    expect(await objectRows(me.id)).toEqual({});
    // Redis: no session, no presence, not counted online.
    expect(await redis("EXISTS", `qchat:user-sessions:${me.id}`, `qchat:session:${session.refreshToken.split(".")[0]}`)).toBe(0);
    await waitFor(async () => (await redis("EXISTS", `qchat:presence:${me.id}`)) === 0, 5_000, "presence gone");
    await waitFor(async () => (await redis("HEXISTS", "qchat:online", String(me.id))) === 0, 5_000, "not counted online");

    // The friend's history still has both messages, the deleted user's under their id.
    const history = await call("GET", `/v1/conversations/${me.id}/messages`, { token: friend.token });
    expect(history.status).toBe(200);
    expect(history.body.messages.map((m: { from: number; body: string }) => [m.from, m.body]).sort()).toEqual(
      [
        [friend.id, "hello me"],
        [me.id, "hello friend"],
      ].sort(),
    );
    // Lookup says deleted; the friend's sends get a stranger's answer.
    const lookup = await call("GET", `/v1/users?ids=${me.id},${friend.id},${asker.id}`, { token: friend.token });
    expect(lookup.body.deleted).toEqual([me.id]);
    expect(lookup.body.users.map((u: { id: number }) => u.id).sort()).toEqual([friend.id, asker.id].sort());
    await expect(friendConn.send(me.id, "are you there?")).rejects.toMatchObject({ code: "NOT_FRIENDS" });
    // A late send, or anything the object held back (presence is paced to 1 s), wrote nothing.
    await sleep(1_200);
    expect(await objectRows(me.id)).toEqual({});
    friendConn.close();

    // The blocked user and the asker are free of them too.
    for (const other of [asker, blocked]) expect((await call("GET", "/v1/friends/requests", { token: other.token })).status).toBe(200);
  });

  it("frees the username and email for a new account, which gets another id", async () => {
    const [a] = await friendPair();
    const email = (await call("GET", "/v1/me", { token: a.token })).body.user.email as string;
    expect((await call("POST", "/v1/me/delete", { token: a.token, body: { password: PASSWORD } })).status).toBe(200);
    await redis("DEL", `qchat:code-cooldown:${email}`);
    expect((await call("POST", "/v1/auth/code", { body: { email, purpose: "register" } })).status).toBe(200);
    const code = await latestCode(email);
    const again = await call("POST", "/v1/auth/register", { body: { username: a.username, email, password: PASSWORD, code } });
    expect(again.status).toBe(201);
    expect(again.body.user.id).not.toBe(a.id);
    expect(again.body.user.username).toBe(a.username);
    const lookup = await call("GET", `/v1/users?ids=${a.id},${again.body.user.id}`, { token: (await login(a.username, PASSWORD)).token });
    expect(lookup.body).toEqual({ users: [expect.objectContaining({ id: again.body.user.id })], deleted: [a.id] });
  });

  it("is safe to run again: a second deletion of the same id finds nothing and fails cleanly", async () => {
    const [a] = await friendPair();
    expect((await call("POST", "/v1/me/delete", { token: a.token, body: { password: PASSWORD } })).status).toBe(200);
    expect((await call("POST", "/v1/me/delete", { token: a.token, body: { password: PASSWORD } })).status).toBe(401);
    expect(
      await testDb()
        .select()
        .from(deletedAccounts)
        .where(inArray(deletedAccounts.id, [a.id])),
    ).toHaveLength(1);
  });

  it("finishes on a retry after a deletion that stopped halfway (sessions revoked, object erased, profile still there)", async () => {
    const [a, b] = await friendPair();
    // What a run that failed after step 6 leaves: every session gone, the object erased.
    expect((await call("POST", "/v1/auth/logout", { token: a.token })).status).toBe(200);
    expect(await userStub(a.id).eraseAccount()).toMatchObject({ ok: true });
    // The person logs in again (the users row is what a login needs: it goes last) and repeats.
    const again = await login(a.username, PASSWORD);
    const res = await call("POST", "/v1/me/delete", { token: again.token, body: { password: PASSWORD } });
    expect([res.status, res.body.removed?.friendships]).toEqual([200, 1]);
    expect(await testDb().select().from(users).where(eq(users.id, a.id))).toEqual([]);
    const lookup = await call("GET", `/v1/users?ids=${a.id}`, { token: b.token });
    expect(lookup.body.deleted).toEqual([a.id]);
  });
});
