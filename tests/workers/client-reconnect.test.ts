// The resilient client against the real Worker and Durable Objects: a burst of sends with the
// socket killed in the middle loses nothing and doubles nothing (outbox re-sends with the same
// clientMsgId, the server dedupes), heartbeats answered by the runtime keep a quiet socket, and a
// revoked session stops the client instead of looping.
import { describe, expect, it } from "vitest";
import {
  connectChat,
  createChatClient,
  type ChatClient,
  type ChatClientEvent,
  type ChatEvent,
  type OpenSocket,
  type SentFrame,
  type WebSocketLike,
} from "../../client";
import { friendPair, openWorkerSocket, sleep, waitFor } from "./chat-fixtures";
import { BASE, call } from "./helpers";

const WS_URL = `${BASE.replace(/^http/, "ws")}/v1/ws`;
const BURST = 50;

interface RecordedSocket {
  /** clientMsgId of every `send` frame written to this socket. */
  sent: string[];
  /**
   * Kills the socket the way a lost network does: nothing more arrives from it (so acks already
   * on their way are lost), and it is closed (4000) underneath the client.
   */
  kill(): void;
}

/** openWorkerSocket that records every socket it opened, so the test can kill the current one. */
function recordingOpener(): { open: OpenSocket; sockets: RecordedSocket[] } {
  const sockets: RecordedSocket[] = [];
  const open: OpenSocket = async (url, protocols) => {
    const ws = await openWorkerSocket(url, protocols);
    const record: RecordedSocket = { sent: [], kill: () => ((killed = true), ws.close(4000, "test: forced disconnect")) };
    let killed = false;
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      send(data); // throws once closed: record only what went out
      if (data.startsWith('{"type":"send"')) record.sent.push((JSON.parse(data) as { clientMsgId: string }).clientMsgId);
    };
    const listen = ws.addEventListener.bind(ws) as (type: string, listener: (event: unknown) => void) => void;
    ws.addEventListener = ((type: string, listener: (event: unknown) => void) =>
      listen(type, type === "message" ? (event) => void (killed || listener(event)) : listener)) as WebSocketLike["addEventListener"];
    sockets.push(record);
    return ws;
  };
  return { open, sockets };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const messagesFrom = (events: (ChatEvent | ChatClientEvent)[], from: number) =>
  events.flatMap((e) => (e.type === "message" && e.message.from === from ? [e.message] : []));

async function withClient<T>(client: ChatClient, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    await client.stop();
  }
}

describe("resilient client over the real Worker", () => {
  it("delivers a burst exactly once, in seq order, across a forced disconnect in the middle", async () => {
    const [a, b] = await friendPair();
    const bob = await connectChat({ url: WS_URL, token: b.token, deviceId: "bob", openSocket: openWorkerSocket });
    const { open, sockets } = recordingOpener();
    const alice = createChatClient({ url: WS_URL, token: a.token, deviceId: "alice", openSocket: open, backoff: { baseMs: 50 } });
    const states: string[] = [];
    alice.on("state", (e) => states.push(e.state.status));
    alice.start();
    await alice.whenOpen();

    await withClient(alice, async () => {
      const sends: Promise<SentFrame>[] = [];
      for (let i = 1; i <= BURST; i++) {
        sends.push(alice.send(b.id, `burst ${i}`, { clientMsgId: `burst-${i}` }));
        // Half the burst is on the wire, unacked: kill the socket under it.
        if (i === BURST / 2) sockets.at(-1)!.kill();
      }
      const acks = await Promise.all(sends);
      expect(sockets.length).toBeGreaterThanOrEqual(2);
      expect(states).toContain("reconnecting");
      // Some of the first half went out on the killed socket and again, same id, on the next.
      const [first, ...later] = sockets.map((s) => s.sent);
      expect(first).toEqual(range(BURST / 2).map((i) => `burst-${i}`));
      expect(first!.filter((id) => later.some((sent) => sent.includes(id)))).toHaveLength(BURST / 2);
      expect(acks.map((s) => s.clientMsgId)).toEqual(range(BURST).map((i) => `burst-${i}`));
      expect(new Set(acks.map((s) => s.seq)).size).toBe(BURST);
      expect(acks.map((s) => s.seq).sort((x, y) => x - y)).toEqual(range(BURST));

      const received = await waitFor(
        () => {
          const got = messagesFrom(bob.events(), a.id);
          return got.length >= BURST && got;
        },
        15_000,
        `${BURST} messages at Bob`,
      );
      expect(received.map((m) => m.seq)).toEqual(range(BURST));
      const bySeq = new Map(acks.map((s) => [s.seq, s]));
      for (const m of received) {
        expect(m.messageId).toBe(bySeq.get(m.seq)!.messageId);
        expect(m.body).toBe(`burst ${m.clientMsgId.slice("burst-".length)}`);
      }
      // Alice's own device sees each of its messages once too, across both sockets.
      const echoed = await waitFor(
        () => {
          const got = messagesFrom(alice.events(), a.id);
          return got.length >= BURST && got;
        },
        15_000,
        "Alice's own messages",
      );
      expect(new Set(echoed.map((m) => m.messageId)).size).toBe(BURST);
      expect(echoed).toHaveLength(BURST);
    });
    bob.close();
  });

  it("keeps the socket on heartbeats alone: the runtime's auto-response answers them", async () => {
    const [a] = await friendPair();
    const { open, sockets } = recordingOpener();
    const alice = createChatClient({ url: WS_URL, token: a.token, openSocket: open, heartbeatMs: 200 });
    alice.start();
    await alice.whenOpen();
    await withClient(alice, async () => {
      await sleep(1_500); // 7 intervals: dead after 2 without pongs
      expect(alice.state.status).toBe("open");
      expect(sockets).toHaveLength(1);
      await expect(alice.ping(1_000)).resolves.toBeUndefined();
    });
  });

  it("stops with AUTH_ENDED when the session is logged out, and rejects what is queued", async () => {
    const [a] = await friendPair();
    const alice = createChatClient({ url: WS_URL, token: a.token, openSocket: openWorkerSocket });
    alice.start();
    await alice.whenOpen();
    const stopped = alice.nextEvent("state", (e) => e.state.status === "stopped", 10_000);
    expect((await call("POST", "/v1/auth/logout", { token: a.token })).status).toBe(200);
    expect((await stopped).state).toMatchObject({ status: "stopped", reason: { code: "AUTH_ENDED", closeCode: 4001 } });
    await expect(alice.send(a.id, "after logout")).rejects.toMatchObject({ code: "STOPPED" });
    // A new start is refused at the upgrade (401) and stops again without retrying.
    alice.start();
    const again = await alice.nextEvent("state", (e) => e.state.status === "stopped", 10_000);
    expect(again.state).toMatchObject({ reason: { code: "AUTH_ENDED", error: { status: 401 } } });
  });
});
