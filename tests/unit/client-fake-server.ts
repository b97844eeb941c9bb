// A scripted server for the resilient client's unit tests: an OpenSocket that hands out a new
// fake socket per connection, says hello, and (when asked) acks sends idempotently by clientMsgId
// and answers heartbeats, the way the Durable Object does. Replies go out in a microtask, like
// real frames, so they never re-enter the client in the middle of its send.
import { afterEach, beforeEach, vi } from "vitest";
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, type HelloFrame } from "../../protocol/frames";
import type { UserEvent } from "../../protocol/events";
import type { OpenSocket } from "../../client";
import { BOB, createFakeSocket, hello, type FakeSocket } from "./client-fake-socket";

export interface FakeServer {
  openSocket: OpenSocket;
  /** Every socket handed out, oldest first. */
  sockets: FakeSocket[];
  /** The newest socket. */
  readonly current: FakeSocket;
  /** Makes the next connection attempts fail with these errors, one per attempt. */
  refuse(...errors: unknown[]): void;
  /** Ack `send` / `group_send` with `sent` / `group_sent` (same seq for a repeated clientMsgId), `group_read` / `group_recall` with `ok`. */
  autoAck: boolean;
  /** Answer HEARTBEAT_REQUEST with HEARTBEAT_RESPONSE. */
  answerPings: boolean;
  /** The hello each connection gets (change it between connections, e.g. its `groups`). */
  hello: HelloFrame;
  /** Frames played right after hello, in the same turn (before the client's continuation runs). */
  afterHello: object[];
  /** Seq the server gave each clientMsgId. */
  seqs: Map<string, number>;
  /** Every `send` frame received, across sockets, in order. */
  sends(): { socket: number; clientMsgId: string; body: string; fileId?: string }[];
  /** Every `group_send` frame received, across sockets, in order. */
  groupSends(): { socket: number; groupId: string; clientMsgId: string; body: string; fileId?: string }[];
}

export function createFakeServer(opts: { autoAck?: boolean; answerPings?: boolean } = {}): FakeServer {
  const refusals: unknown[] = [];
  const server: FakeServer = {
    sockets: [],
    get current() {
      return server.sockets.at(-1)!;
    },
    refuse: (...errors) => void refusals.push(...errors),
    autoAck: opts.autoAck ?? true,
    answerPings: opts.answerPings ?? true,
    hello,
    afterHello: [],
    seqs: new Map(),
    sends: () =>
      server.sockets.flatMap((ws, socket) =>
        ws
          .frames()
          .filter((f) => f.type === "send")
          .map((f) => ({ socket, clientMsgId: String(f.clientMsgId), body: String(f.body), ...withFile(f) })),
      ),
    groupSends: () =>
      server.sockets.flatMap((ws, socket) =>
        ws
          .frames()
          .filter((f) => f.type === "group_send")
          .map((f) => ({ socket, groupId: String(f.groupId), clientMsgId: String(f.clientMsgId), body: String(f.body), ...withFile(f) })),
      ),
    openSocket: async (url, protocols) => {
      if (refusals.length > 0) throw refusals.shift();
      const ws = createFakeSocket({ echoClose: true });
      ws.url = url;
      ws.protocols = protocols;
      const record = ws.send;
      ws.send = (data) => {
        record(data);
        queueMicrotask(() => reply(ws, data));
      };
      const listen = ws.addEventListener.bind(ws) as (type: string, listener: (event: never) => void) => void;
      ws.addEventListener = ((type: string, listener: (event: never) => void) => {
        listen(type, listener);
        // connectChat attaches message, close and error listeners in one turn (the client's socket
        // tracker only a message one): greet once that turn is over.
        if (type !== "close" || greeted.has(ws)) return;
        greeted.add(ws);
        queueMicrotask(() => {
          ws.push(server.hello);
          for (const frame of server.afterHello) ws.push(frame);
        });
      }) as FakeSocket["addEventListener"];
      server.sockets.push(ws);
      return ws;
    },
  };
  const greeted = new Set<FakeSocket>();

  function reply(ws: FakeSocket, data: string): void {
    if (ws.closedWith) return;
    if (data === HEARTBEAT_REQUEST) return void (server.answerPings && ws.push(HEARTBEAT_RESPONSE));
    const frame = JSON.parse(data) as { type: string; id?: string; clientMsgId?: string; to?: number; groupId?: string };
    if (!server.autoAck) return;
    if (frame.type === "send") ws.push(sentFrame(server, frame.id!, frame.clientMsgId!));
    if (frame.type === "group_send") ws.push(groupSentFrame(server, frame.id!, frame.groupId!, frame.clientMsgId!));
    if (frame.type === "group_read" || frame.type === "group_recall") ws.push({ type: "ok", id: frame.id });
  }
  return server;
}

/** `{fileId}` when the frame carried one, else nothing (so plain sends compare as before). */
const withFile = (frame: Record<string, unknown>) => (typeof frame.fileId === "string" ? { fileId: frame.fileId } : {});

/** The server's `sent` for a clientMsgId: a new seq the first time, the same one after. */
export function sentFrame(server: FakeServer, id: string, clientMsgId: string) {
  const seq = server.seqs.get(clientMsgId) ?? server.seqs.size + 1;
  server.seqs.set(clientMsgId, seq);
  return { type: "sent", id, clientMsgId, messageId: `m-${clientMsgId}`, seq, to: BOB, sentAt: "2026-11-23T09:00:00.000Z" };
}

/** The server's `group_sent` for a clientMsgId: a new seq the first time, the same one after. */
export function groupSentFrame(server: FakeServer, id: string, groupId: string, clientMsgId: string) {
  const seq = server.seqs.get(clientMsgId) ?? server.seqs.size + 1;
  server.seqs.set(clientMsgId, seq);
  return { type: "group_sent", id, clientMsgId, messageId: `gm-${clientMsgId}`, groupId, seq, sentAt: "2026-11-23T09:00:00.000Z" };
}

/** A `message` event at `eseq` carrying message `messageId`. */
export function messageWithId(eseq: number, messageId: string, seq = eseq): UserEvent {
  return {
    eseq,
    type: "message",
    message: {
      messageId,
      conversation: "c",
      seq,
      from: BOB,
      to: hello.uid,
      clientMsgId: `c${seq}`,
      body: `hello ${seq}`,
      sentAt: "2026-11-23T09:00:00.000Z",
    },
  };
}

/** Fake timers for every test of the file, with Math.random pinned (backoff jitter) to `random`. */
export function useFakeClock(random: number): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(random);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
}
