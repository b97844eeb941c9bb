import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { UserSession } from "../../durable-objects/user-session";
import { describe, expect, it } from "vitest";
import { CLOSE } from "../../protocol/frames";
import { member } from "./friends-fixtures";
import { call, login } from "./helpers";
import { connect, inUserObject, userStub } from "./chat-fixtures";

describe("devices and liveness", () => {
  it("closes the oldest device with 4003 when a sixth connects", async () => {
    const u = await member();
    const devices = [];
    for (let i = 1; i <= 5; i++) devices.push(await connect(u, `d${i}`));
    const sixth = await connect(u, "d6");
    expect(await devices[0]!.closed).toMatchObject({ code: CLOSE.DEVICE_LIMIT });
    expect((await userStub(u.id).stats()).sockets).toBe(5);
    for (const d of [...devices.slice(1), sixth]) d.close();
  });

  it("replaces a device's old socket with 4002 when the same device connects again", async () => {
    const u = await member();
    const first = await connect(u, "tablet");
    const second = await connect(u, "tablet");
    expect(await first.closed).toMatchObject({ code: CLOSE.DEVICE_REPLACED });
    await second.ping();
    second.close();
  });

  it("answers heartbeats without waking the object", async () => {
    const u = await member();
    const c = await connect(u);
    const before = (await userStub(u.id).stats()).framesIn;
    for (let i = 0; i < 5; i++) await c.ping();
    expect((await userStub(u.id).stats()).framesIn).toBe(before);
    c.close();
  });

  it("closes sockets silent past the idle timeout and keeps ones that send heartbeats", async () => {
    const u = await member();
    const silent = await connect(u, "silent");
    const beating = await connect(u, "beating");
    await beating.ping();
    // Move the silent socket's last frame 2 minutes into the past, then run the idle check.
    await inUserObject(u.id, (_sql, state) => {
      for (const ws of state.getWebSockets()) {
        const a = ws.deserializeAttachment() as { deviceId: string; lastActiveAt: number };
        ws.serializeAttachment({ ...a, lastActiveAt: Date.now() - 120_000 });
      }
    });
    await runDurableObjectAlarm(userStub(u.id));
    expect(await silent.closed).toMatchObject({ code: CLOSE.IDLE });
    await beating.ping();
    beating.close();
  });
});

describe("an overloaded object", () => {
  it("does not take its own backlog for a client's silence: a late idle check adds its lateness to the timeout", async () => {
    const u = await member();
    const recent = await connect(u, "recent");
    const old = await connect(u, "old");
    // Silent for 100 s and for 200 s (timeout 60 s), checked by an alarm that rang 90 s late (a
    // retry, so the wake runs every task, the idle check included, whatever this instance scheduled).
    await inUserObject(u.id, (_sql, state) => {
      for (const ws of state.getWebSockets()) {
        const a = ws.deserializeAttachment() as { deviceId: string; lastActiveAt: number };
        ws.serializeAttachment({ ...a, lastActiveAt: Date.now() - (a.deviceId === "old" ? 200_000 : 100_000) });
      }
    });
    await runInDurableObject(userStub(u.id), (instance: UserSession) =>
      instance.alarm({ retryCount: 1, isRetry: true, scheduledTime: Date.now() - 90_000 }),
    );
    expect(await old.closed).toMatchObject({ code: CLOSE.IDLE });
    await recent.ping();
    expect((await userStub(u.id).stats()).sockets).toBe(1);
    recent.close();
  });
});

describe("ending sessions", () => {
  it("closes the sockets of a logged-out session with 4001 and leaves other sessions connected", async () => {
    const u = await member();
    const other = await login(u.username, "correct horse battery");
    const mine = await connect(u, "mine");
    const theirs = await connect({ ...u, token: other.token }, "theirs");
    expect((await call("POST", "/v1/auth/logout", { token: u.token })).status).toBe(200);
    expect(await mine.closed).toMatchObject({ code: CLOSE.AUTH_ENDED });
    await theirs.ping();
    theirs.close();
  });
});

describe("device ids are per user", () => {
  it("does not let another user's socket with the same device id displace mine", async () => {
    const a = await member("a");
    const b = await member("b");
    const mine = await connect(a, "phone");
    const theirs = await connect(b, "phone");
    await mine.ping();
    expect(mine.hello.uid).toBe(a.id);
    expect(theirs.hello.uid).toBe(b.id);
    mine.close();
    theirs.close();
  });
});
