// The Node socket adapter (cli/node-socket.ts) under the resilient client, over real TCP to a
// local `ws` server playing the chat server: hello, acks by clientMsgId, a socket dropped
// mid-conversation and re-sent messages, and a 401 at the upgrade that stops the client.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { createChatClient, type ChatClient } from "../../client";
import { openNodeSocket } from "../../cli/node-socket";
import { BOB, hello } from "./client-fake-socket";

interface Stub {
  url: string;
  /** Server-side sockets, oldest first. */
  sockets: WebSocket[];
  /** clientMsgIds received, per socket. */
  received: string[][];
  /** Answer the next upgrade with this status and envelope instead of accepting it. */
  refuseNext?: { status: number; code: string };
  /** Stop acking sends (they are still recorded). */
  silent: boolean;
  close(): Promise<void>;
}

async function startStub(): Promise<Stub> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const seqs = new Map<string, number>();
  const stub: Stub = { url: "", sockets: [], received: [], silent: false, close: async () => {} };
  http.on("upgrade", (request, socket, head) => {
    const refusal = stub.refuseNext;
    stub.refuseNext = undefined;
    if (refusal) {
      const body = JSON.stringify({ error: { code: refusal.code, message: "token expired" } });
      return void socket.end(
        `HTTP/1.1 ${refusal.status} Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      );
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const received: string[] = [];
      stub.sockets.push(ws);
      stub.received.push(received);
      ws.send(JSON.stringify(hello));
      ws.on("message", (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: string; clientMsgId?: string };
        if (frame.type !== "send") return;
        received.push(frame.clientMsgId!);
        if (stub.silent) return;
        const seq = seqs.get(frame.clientMsgId!) ?? seqs.size + 1;
        seqs.set(frame.clientMsgId!, seq);
        ws.send(
          JSON.stringify({
            type: "sent",
            id: frame.id,
            clientMsgId: frame.clientMsgId,
            messageId: `m${seq}`,
            seq,
            to: BOB,
            sentAt: new Date().toISOString(),
          }),
        );
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  stub.url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/ws`;
  stub.close = async () => {
    for (const ws of wss.clients) ws.terminate();
    await new Promise((resolve) => http.close(resolve));
  };
  return stub;
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function setup(): Promise<{ stub: Stub; client: ChatClient }> {
  const stub = await startStub();
  const client = createChatClient({
    url: stub.url,
    token: "tok.en",
    deviceId: "cli-test",
    openSocket: openNodeSocket,
    backoff: { baseMs: 20 },
  });
  cleanup.push(
    () => stub.close(),
    () => client.stop(),
  );
  return { stub, client };
}

describe("openNodeSocket under createChatClient", () => {
  it("connects with the token subprotocol, and re-sends unacked messages after a dropped socket", async () => {
    const { stub, client } = await setup();
    client.start();
    await client.whenOpen(5_000);
    expect(stub.sockets[0]!.protocol).toBe("qchat.v1");
    await expect(client.send(BOB, "one", { clientMsgId: "a" })).resolves.toMatchObject({ seq: 1 });
    stub.silent = true;
    const pending = [client.send(BOB, "two", { clientMsgId: "b" }), client.send(BOB, "three", { clientMsgId: "c" })];
    while (stub.received[0]!.length < 3) await new Promise((r) => setTimeout(r, 5));
    stub.silent = false;
    stub.sockets[0]!.terminate(); // TCP reset: the client sees 1006
    const acks = await Promise.all(pending);
    expect(acks.map((a) => a.seq)).toEqual([2, 3]);
    expect(stub.received).toEqual([
      ["a", "b", "c"],
      ["b", "c"],
    ]);
  });

  it("reads a refused upgrade's envelope: 401 stops the client with the server's code", async () => {
    const { stub, client } = await setup();
    stub.refuseNext = { status: 401, code: "TOKEN_EXPIRED" };
    client.start();
    await expect(client.whenOpen(5_000)).rejects.toMatchObject({ code: "STOPPED", status: 401 });
    expect(client.state).toMatchObject({ status: "stopped", reason: { code: "AUTH_ENDED", error: { code: "TOKEN_EXPIRED" } } });
    expect(stub.sockets).toHaveLength(0);
  });
});
