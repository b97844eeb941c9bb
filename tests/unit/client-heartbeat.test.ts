// createChatClient's heartbeat (fake timers): the exact heartbeat string every interval, a
// socket kept while pongs or other frames arrive, and a silent one declared dead within two
// intervals, closed and replaced.
import { describe, expect, it, vi } from "vitest";
import { HEARTBEAT_REQUEST } from "../../protocol/frames";
import { createChatClient, type ChatClient } from "../../client";
import { createFakeServer, type FakeServer, useFakeClock } from "./client-fake-server";
import { messageEvent } from "./client-fake-socket";

const INTERVAL = 1_000;

async function openClient(server: FakeServer): Promise<ChatClient> {
  const client = createChatClient({ url: "wss://qchat.test/v1/ws", token: "t", openSocket: server.openSocket, heartbeatMs: INTERVAL });
  client.start();
  await vi.advanceTimersByTimeAsync(0);
  return client;
}

const pings = (server: FakeServer, socket = 0) => server.sockets[socket]!.sent.filter((s) => s === HEARTBEAT_REQUEST).length;

useFakeClock(0.5);

describe("heartbeat", () => {
  it("sends exactly the heartbeat string once per interval and keeps a socket that answers", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(pings(server)).toBe(10);
    expect(server.sockets[0]!.sent.every((s) => s === HEARTBEAT_REQUEST)).toBe(true);
    expect(server.sockets).toHaveLength(1);
    expect(client.state.status).toBe("open");
  });

  it("counts any frame as a sign of life, not only pongs", async () => {
    const server = createFakeServer({ answerPings: false });
    const client = await openClient(server);
    for (let eseq = 1; eseq <= 8; eseq++) {
      await vi.advanceTimersByTimeAsync(INTERVAL);
      server.current.push({ type: "events", events: [messageEvent(eseq)] });
    }
    expect(server.sockets).toHaveLength(1);
    expect(client.state.status).toBe("open");
  });

  it("declares a silent socket dead after two intervals, closes it and reconnects", async () => {
    const server = createFakeServer({ answerPings: false });
    const client = await openClient(server);
    const dead = server.sockets[0]!;
    await vi.advanceTimersByTimeAsync(2 * INTERVAL - 1);
    expect(dead.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(pings(server)).toBe(2);
    expect(dead.closedWith).toEqual({ code: 1000, reason: `no frame for ${2 * INTERVAL} ms` });
    expect(client.state).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      cause: `socket closed (1006 no frame for ${2 * INTERVAL} ms)`,
    });
    server.answerPings = true;
    await vi.advanceTimersByTimeAsync(125);
    expect(server.sockets).toHaveLength(2);
    expect(client.state.status).toBe("open");
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(server.sockets).toHaveLength(2); // the new socket answers: no more reconnects
  });
});
