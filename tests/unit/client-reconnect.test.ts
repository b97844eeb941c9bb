// createChatClient's connection life over a scripted server (fake timers): backoff with full
// jitter and its reset after a stable connection, terminal closes and refused tokens that stop
// it, transient failures that never do, and stop/start/reconnectNow.
import { describe, expect, it, vi } from "vitest";
import { backoffDelay, createChatClient, QChatError, type ChatClient, type ChatClientOptions, type ClientState } from "../../client";
import { createFakeServer, type FakeServer, useFakeClock } from "./client-fake-server";
import { BOB } from "./client-fake-socket";

const settle = () => vi.advanceTimersByTimeAsync(0);

function startClient(server: FakeServer, opts: Partial<ChatClientOptions> = {}): { client: ChatClient; states: ClientState[] } {
  const client = createChatClient({
    url: "wss://qchat.test/v1/ws",
    token: "tok.en",
    deviceId: "phone-1",
    openSocket: server.openSocket,
    ...opts,
  });
  const states: ClientState[] = [];
  client.on("state", (e) => states.push(e.state));
  client.start();
  return { client, states };
}

const delays = (states: ClientState[]) => states.flatMap((s) => (s.status === "reconnecting" ? [s.delayMs] : []));

useFakeClock(0.5);

describe("backoffDelay", () => {
  it("is uniform below a ceiling that doubles from base up to cap", () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffDelay(n, {}, () => 0.999_999));
    expect(ceilings).toEqual([249, 499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
    expect(backoffDelay(3, {}, () => 0)).toBe(0);
    expect(backoffDelay(2, { baseMs: 100, capMs: 300 }, () => 0.5)).toBe(150);
  });
});

describe("reconnecting", () => {
  it("opens, then retries transient failures with growing jittered delays", async () => {
    const server = createFakeServer();
    const { client, states } = startClient(server, { backoff: { capMs: 1_000 } });
    await settle();
    expect(client.state).toMatchObject({ status: "open", hello: { uid: expect.any(Number) } });
    expect(new URL(server.current.url).searchParams.get("device")).toBe("phone-1");

    server.current.serverClose(1006, "");
    server.refuse(new TypeError("connect ECONNREFUSED"), new QChatError("INTERNAL", 503, "down"), new QChatError("TIMEOUT", 0, "slow"));
    await settle();
    expect(client.state).toMatchObject({ status: "reconnecting", attempt: 1, delayMs: 125, cause: "socket closed (1006)" });
    await vi.advanceTimersByTimeAsync(124);
    expect(server.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 250 + 500 + 500);
    expect(client.state.status).toBe("open");
    expect(server.sockets).toHaveLength(2);
    // Ceilings 250, 500, 1000, then capped at 1000; random() is 0.5.
    expect(delays(states)).toEqual([125, 250, 500, 500]);
    expect(states.filter((s) => s.status === "reconnecting").map((s) => s.status === "reconnecting" && s.cause)).toEqual([
      "socket closed (1006)",
      "connect ECONNREFUSED",
      "INTERNAL: down",
      "TIMEOUT: slow",
    ]);
  });

  it("keeps growing the delay while connections drop at once, and resets after a stable one", async () => {
    const server = createFakeServer();
    const { states } = startClient(server, { backoff: { stableMs: 5_000 } });
    await settle();
    for (const wait of [125, 250, 500]) {
      server.current.serverClose(1011, "internal");
      await vi.advanceTimersByTimeAsync(wait);
    }
    expect(delays(states)).toEqual([125, 250, 500]);
    await vi.advanceTimersByTimeAsync(5_000); // stable now
    server.current.serverClose(4000, "idle");
    await settle();
    expect(delays(states).at(-1)).toBe(125);
  });

  it("retries forever: a hundred failures later it still comes back", async () => {
    const server = createFakeServer();
    const { client } = startClient(server);
    await settle();
    server.refuse(...Array.from({ length: 100 }, () => new TypeError("offline")));
    server.current.serverClose(1006, "");
    await vi.advanceTimersByTimeAsync(101 * 30_000);
    expect(client.state.status).toBe("open");
    expect(server.sockets).toHaveLength(2);
  });
});

describe("stopping", () => {
  it.each([
    [4001, "AUTH_ENDED"],
    [4002, "DEVICE_REPLACED"],
    [4003, "DEVICE_LIMIT"],
  ])("stops on close %i with reason %s, rejects queued sends and never reconnects", async (code, reason) => {
    const server = createFakeServer({ autoAck: false });
    const { client } = startClient(server);
    await settle();
    const send = client.send(BOB, "hi").catch((err: unknown) => err);
    server.current.serverClose(code, "bye");
    await settle();
    expect(client.state).toMatchObject({ status: "stopped", reason: { code: reason, closeCode: code } });
    expect(await send).toMatchObject({ code: "STOPPED", closeCode: code });
    await expect(client.send(BOB, "later")).rejects.toMatchObject({ code: "STOPPED" });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.sockets).toHaveLength(1);
  });

  it("stops when the upgrade is refused with 401, keeping the server's error", async () => {
    const server = createFakeServer();
    server.refuse(new QChatError("TOKEN_EXPIRED", 401, "token expired"));
    const { client } = startClient(server);
    await settle();
    expect(client.state).toMatchObject({
      status: "stopped",
      reason: { code: "AUTH_ENDED", error: { code: "TOKEN_EXPIRED", status: 401 } },
    });
    await expect(client.whenOpen()).rejects.toMatchObject({ code: "STOPPED", status: 401 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(0);
  });

  it("asks verifyToken when a browser hides the upgrade's status", async () => {
    const server = createFakeServer();
    server.refuse(new QChatError("UPGRADE_FAILED", 0, "closed 1006 before open"), new QChatError("UPGRADE_FAILED", 0, "again"));
    const verdicts = [true, false];
    const { client, states } = startClient(server, { verifyToken: async () => verdicts.shift()! });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(delays(states)).toHaveLength(1); // the first failure was retried: the token was fine
    expect(client.state).toMatchObject({ status: "stopped", reason: { code: "AUTH_ENDED" } });
  });

  it("stop() closes the socket and start() connects again; reconnectNow skips the wait", async () => {
    const server = createFakeServer();
    const { client } = startClient(server);
    await settle();
    await client.stop();
    expect(server.current.closedWith).toEqual({ code: 1000, reason: "client stopped" });
    expect(client.state).toMatchObject({ status: "stopped", reason: { code: "STOPPED" } });
    client.start();
    await settle();
    expect(client.state.status).toBe("open");
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    server.current.serverClose(1006, "");
    client.reconnectNow();
    await settle();
    expect(client.state.status).toBe("open");
    expect(server.sockets).toHaveLength(3);
  });
});
