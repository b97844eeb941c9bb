// The server's `closing` frame: the SDK treats the connection as closed the moment it arrives,
// without waiting for the socket's close event (workerd may end the TCP connection ~10 s later).
import { describe, expect, it, vi } from "vitest";
import { CLOSE } from "../../protocol/frames";
import { createChatClient, QChatError } from "../../client";
import { createFakeServer, useFakeClock } from "./client-fake-server";
import { BOB, connectFake, createFakeSocket } from "./client-fake-socket";

describe("a closing frame on one connection", () => {
  it("closes the connection at once: close event, pending requests rejected, sends refused", async () => {
    // No echo: the socket's own close event never comes, as when TCP lingers.
    const socket = createFakeSocket();
    const conn = await connectFake(socket);
    const closes: { code: number; reason: string }[] = [];
    conn.on("close", (e) => closes.push({ code: e.code, reason: e.reason }));
    const read = conn.read(BOB, 3);

    socket.push({ type: "closing", code: CLOSE.AUTH_ENDED, reason: "signed out; log in again" });

    expect(closes).toEqual([{ code: CLOSE.AUTH_ENDED, reason: "signed out; log in again" }]);
    await expect(conn.closed).resolves.toEqual({ code: CLOSE.AUTH_ENDED, reason: "signed out; log in again" });
    await expect(read).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    await expect(conn.send(BOB, "too late")).rejects.toBeInstanceOf(QChatError);
    // Our side of the close handshake went out, and nothing else did after the closing frame.
    expect(socket.closedWith).toEqual({ code: 1000, reason: "closing acknowledged" });
    expect(socket.frames().map((f) => f.type)).toEqual(["read"]);
    // The socket's late close event changes nothing.
    socket.serverClose(CLOSE.AUTH_ENDED, "signed out; log in again");
    expect(closes).toHaveLength(1);
  });
});

describe("a closing frame on the resilient client", () => {
  useFakeClock(0.5);
  const settle = () => vi.advanceTimersByTimeAsync(0);

  it("stops at once on a terminal code (4002) without waiting for the close event", async () => {
    const server = createFakeServer();
    const client = createChatClient({ url: "wss://qchat.test/v1/ws", token: "tok.en", deviceId: "phone-1", openSocket: server.openSocket });
    client.start();
    await settle();
    expect(client.state.status).toBe("open");
    server.current.push({ type: "closing", code: CLOSE.DEVICE_REPLACED, reason: "this device connected again" });
    await vi.advanceTimersByTimeAsync(0); // microtasks only: no timer has to run
    expect(client.state).toMatchObject({ status: "stopped", reason: { code: "DEVICE_REPLACED", closeCode: CLOSE.DEVICE_REPLACED } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(1);
  });

  it("starts the reconnect policy at once on 4000 (idle)", async () => {
    const server = createFakeServer();
    const client = createChatClient({ url: "wss://qchat.test/v1/ws", token: "tok.en", deviceId: "phone-1", openSocket: server.openSocket });
    client.start();
    await settle();
    server.current.push({ type: "closing", code: CLOSE.IDLE, reason: "no frames or heartbeats; reconnect" });
    await vi.advanceTimersByTimeAsync(0);
    expect(client.state).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      cause: "socket closed (4000 no frames or heartbeats; reconnect)",
    });
    await vi.advanceTimersByTimeAsync(125);
    expect(client.state.status).toBe("open");
    expect(server.sockets).toHaveLength(2);
    await client.stop();
  });
});
