import { describe, expect, it } from "vitest";
import { rawSocket } from "./chat-fixtures";
import { call, latestCode, login, redis, seedUser } from "./helpers";

const refresh = (refreshToken: string) => call("POST", "/v1/auth/refresh", { body: { refreshToken } });

describe("POST /v1/auth/refresh", () => {
  it("exchanges a refresh token for a new access token and a rotated refresh token", async () => {
    const u = await seedUser();
    const first = await login(u.username, u.password);
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).not.toBe(first.refreshToken);
    expect((await call("GET", "/v1/me", { token: res.body.token })).body.user.id).toBe(u.profile.id);
    // Same session: the old access token keeps working until it expires.
    expect((await call("GET", "/v1/me", { token: first.token })).status).toBe(200);
  });

  it("revokes the whole session when an already-used refresh token comes back", async () => {
    const u = await seedUser();
    const first = await login(u.username, u.password);
    const second = (await refresh(first.refreshToken)).body;
    const third = (await refresh(second.refreshToken)).body;
    // Two generations back: never within the grace window, whatever the clock says.
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("TOKEN_REVOKED");
    expect((await call("GET", "/v1/me", { token: third.token })).body.error.code).toBe("TOKEN_REVOKED");
    expect((await refresh(third.refreshToken)).body.error.code).toBe("TOKEN_REVOKED");
  });

  it("stops working after logout and after a password reset", async () => {
    const u = await seedUser();
    const a = await login(u.username, u.password);
    const b = await login(u.username, u.password);
    await call("POST", "/v1/auth/logout", { token: a.token });
    expect((await refresh(a.refreshToken)).body.error.code).toBe("TOKEN_REVOKED");
    expect((await refresh(b.refreshToken)).status).toBe(200);
    await call("POST", "/v1/auth/code", { body: { email: u.email, purpose: "reset" } });
    const code = await latestCode(u.email);
    await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "another long password" } });
    expect((await refresh(b.refreshToken)).status).toBe(401);
  });

  it("rejects malformed and forged refresh tokens without touching the session they name", async () => {
    expect((await refresh("not-a-refresh-token")).body.error.code).toBe("TOKEN_INVALID");
    expect((await refresh(`${crypto.randomUUID()}.0.forgedsecretvalue`)).body.error.code).toBe("TOKEN_INVALID");
    expect((await call("POST", "/v1/auth/refresh", { body: {} })).body.error.code).toBe("VALIDATION_FAILED");
    const u = await seedUser();
    const real = await login(u.username, u.password);
    const socket = await rawSocket(real.token);
    // The session id is readable in every access token; guessing the rest must change nothing.
    const [jti, generation] = real.refreshToken.split(".");
    for (const forged of [`${jti}.garbage`, `${jti}.${generation}.${"A".repeat(43)}`, `${jti}.1.${"A".repeat(43)}`, `${jti}.0.x.y`]) {
      const res = await refresh(forged);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("TOKEN_INVALID");
    }
    expect(await redis("EXISTS", `qchat:session:${jti}`)).toBe(1);
    expect((await call("GET", "/v1/me", { token: real.token })).status).toBe(200);
    expect((await refresh(real.refreshToken)).status).toBe(200);
    socket.ws.send(JSON.stringify({ type: "ping" }));
    expect(await socket.next("pong")).toMatchObject({ type: "pong" });
    socket.ws.close();
  });

  it("lets two concurrent refreshes with one token both succeed with the same new token", async () => {
    const u = await seedUser();
    const first = await login(u.username, u.password);
    const replies = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken), refresh(first.refreshToken)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    // Idempotent within the grace window: one rotation, every racer holds the same new token.
    expect(new Set(replies.map((r) => r.body.refreshToken)).size).toBe(1);
    for (const r of replies) expect((await call("GET", "/v1/me", { token: r.body.token })).status).toBe(200);
    const next = await refresh(replies[0]!.body.refreshToken);
    expect(next.status).toBe(200);
    expect((await call("GET", "/v1/me", { token: next.body.token })).status).toBe(200);
  });

  it("gives the just-rotated token the same new token again within the grace window", async () => {
    const u = await seedUser();
    const first = await login(u.username, u.password);
    const second = (await refresh(first.refreshToken)).body;
    const retried = await refresh(first.refreshToken);
    expect(retried.status).toBe(200);
    expect(retried.body.refreshToken).toBe(second.refreshToken);
  });

  it("revokes the session and closes its sockets with 4001 when a rotated token comes back after the grace window", async () => {
    const u = await seedUser();
    const first = await login(u.username, u.password);
    const other = await login(u.username, u.password);
    const socket = await rawSocket(first.token, "victim");
    const otherSocket = await rawSocket(other.token, "other");
    const second = (await refresh(first.refreshToken)).body;
    const jti = first.refreshToken.split(".")[0]!;
    // Move the rotation 10 minutes into the past: the grace window is over.
    await redis("HSET", `qchat:refresh:${jti}`, "at", Date.now() - 600_000);
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("TOKEN_REVOKED");
    expect(await socket.closed).toEqual({ code: 4001 });
    expect(await redis("EXISTS", `qchat:session:${jti}`, `qchat:refresh:${jti}`)).toBe(0);
    expect((await call("GET", "/v1/me", { token: second.token })).body.error.code).toBe("TOKEN_REVOKED");
    expect((await refresh(second.refreshToken)).body.error.code).toBe("TOKEN_REVOKED");
    // The user's other session is untouched.
    expect((await refresh(other.refreshToken)).status).toBe(200);
    otherSocket.ws.send(JSON.stringify({ type: "ping" }));
    expect(await otherSocket.next("pong")).toMatchObject({ type: "pong" });
    otherSocket.ws.close();
  });

  it("closes every socket of the user with 4001 on a password reset", async () => {
    const u = await seedUser();
    const a = await login(u.username, u.password);
    const b = await login(u.username, u.password);
    const sockets = [await rawSocket(a.token, "a"), await rawSocket(b.token, "b")];
    await call("POST", "/v1/auth/code", { body: { email: u.email, purpose: "reset" } });
    const code = await latestCode(u.email);
    expect((await call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "another long password" } })).status).toBe(200);
    for (const s of sockets) expect(await s.closed).toEqual({ code: 4001 });
  });
});
