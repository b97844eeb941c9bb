// A scripted in-memory WebSocketLike for client tests: records what the client sends and lets
// the test play server frames and closes. Dispatch is synchronous, so tests need no waiting.
import type { HelloFrame } from "../../protocol/frames";
import type { UserEvent } from "../../protocol/events";
import { connectChat, type ChatConnection, type ConnectChatOptions, type OpenSocket, type WebSocketLike } from "../../client";

type Listener = (event: never) => void;

export interface FakeSocket extends WebSocketLike {
  url: string;
  protocols: string[];
  /** Raw strings the client sent, in order. */
  sent: string[];
  /** Sent frames parsed as JSON (the heartbeat string parses too). */
  frames(): { type: string; [key: string]: unknown }[];
  closedWith?: { code?: number; reason?: string };
  /** Plays a server frame (objects are JSON-encoded, strings go verbatim). */
  push(frame: object | string): void;
  /** Plays the server's close. */
  serverClose(code: number, reason?: string): void;
  /** True once the client attached its message listener. */
  readonly listening: boolean;
}

export function createFakeSocket(opts: { echoClose?: boolean } = {}): FakeSocket {
  const listeners = new Map<string, Listener[]>();
  const fire = (type: string, event: object) => {
    for (const l of listeners.get(type) ?? []) (l as (e: object) => void)(event);
  };
  const socket: FakeSocket = {
    url: "",
    protocols: [],
    sent: [],
    frames: () => socket.sent.map((s) => JSON.parse(s)),
    send: (data) => void socket.sent.push(data),
    close(code, reason) {
      socket.closedWith = { code, reason };
      if (opts.echoClose) fire("close", { code: code ?? 1000, reason: reason ?? "" });
    },
    addEventListener(type: string, listener: Listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    push: (frame) => fire("message", { data: typeof frame === "string" ? frame : JSON.stringify(frame) }),
    serverClose: (code, reason = "") => fire("close", { code, reason }),
    get listening() {
      return listeners.has("message");
    },
  };
  return socket;
}

/** An OpenSocket that hands out `socket`, recording the url and protocols it was given. */
export function openWith(socket: FakeSocket): OpenSocket {
  return async (url, protocols) => {
    socket.url = url;
    socket.protocols = protocols;
    return socket;
  };
}

export const ALICE = 482915736;
export const BOB = 517204938;

export const hello: HelloFrame = {
  type: "hello",
  protocolVersion: 1,
  uid: ALICE,
  deviceId: "phone-1",
  serverTime: "2026-11-23T09:00:00.000Z",
  profile: { id: ALICE, username: "alice", nickname: "alice", avatarUrl: null },
  presence: "online",
  friends: [],
  requests: { incoming: [], outgoing: [] },
  unread: [],
  groups: [],
  editWindowSeconds: 900,
  pending: 0,
};

/** A durable `message` event from Bob to Alice at stream position `eseq`. */
export function messageEvent(eseq: number, seq = eseq): UserEvent {
  return {
    eseq,
    type: "message",
    message: {
      messageId: `m${seq}`,
      conversation: `${ALICE}:${BOB}`,
      seq,
      from: BOB,
      to: ALICE,
      clientMsgId: `c${seq}`,
      body: `hello ${seq}`,
      sentAt: "2026-11-23T09:00:00.000Z",
    },
  };
}

/** connectChat over `socket`: waits for the client to listen, then plays `hello`. */
export async function connectFake(socket: FakeSocket, opts: Partial<ConnectChatOptions> = {}): Promise<ChatConnection> {
  const connecting = connectChat({
    url: "wss://qchat.test/v1/ws",
    token: "tok.en",
    deviceId: "phone-1",
    openSocket: openWith(socket),
    ...opts,
  });
  for (let i = 0; i < 100 && !socket.listening; i++) await new Promise((r) => setTimeout(r, 0));
  socket.push(hello);
  return connecting;
}
