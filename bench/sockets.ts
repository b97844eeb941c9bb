// The load client: one raw `ws` socket per user (per pair for the room baseline) speaking the
// QChat protocol (the same frames as the SDK: hello, send/sent, events + cumulative ack,
// ping/pong) without the SDK's per-frame zod validation, so one Node process can drive thousands
// of sockets. Every received message and
// ack is handed to a Tracker, which checks loss, duplicates and order on one clock.
import WebSocket from "ws";
import type { ChatMessage } from "../protocol/events";
import type { GroupMessage } from "../protocol/groups";
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, type ClientFrame, type ServerFrame } from "../protocol/frames";

/** One socket to open for a user. */
export interface Endpoint {
  url: string;
  protocols: string[];
  /** Only sends to this peer go out on this socket (the room: one socket per pair object). */
  peer?: number;
}

export interface Target {
  name: "qchat" | "relay" | "room";
  /** The socket(s) one user opens: QChat and the relay one, the room one per peer. */
  address(user: { id: number; token: string }): Endpoint | Endpoint[];
}

export interface Tracker {
  onAck(clientMsgId: string, at: number): void;
  onMessage(recipient: number, message: ChatMessage, at: number): void;
  onError(code: string): void;
  /** A `group_sent` (the group stored the message). */
  onGroupAck?(clientMsgId: string, seq: number, at: number): void;
  /**
   * A group entry in this user's stream: `message` for a group_message (the user's own, too),
   * undefined for a group_change; `seq` is the group's sequence either way.
   */
  onGroupEntry?(recipient: number, groupId: string, seq: number, message: GroupMessage | undefined, at: number): void;
}

export interface UserSocket {
  uid: number;
  /** WebSockets behind this user (1, or one per pair for the room). */
  readonly sockets: number;
  /** False (nothing sent) when the socket is no longer open. */
  send(to: number, clientMsgId: string, body: string): boolean;
  /** A `group_send`; false when the socket is no longer open. */
  sendGroup(groupId: string, clientMsgId: string, body: string): boolean;
  /** A `group_read` up to `upToSeq` (answered `ok`, which the bench ignores). */
  readGroup(groupId: string, upToSeq: number): boolean;
  readonly open: boolean;
  ping(): void;
  close(): Promise<void>;
  /** Frames received, by type, since the socket opened. */
  frames: Map<string, number>;
  /** Events received again (eseq not above the last one seen): the client drops them. */
  readonly redelivered: number;
  /** Close code if the server closed one of its sockets before the bench did. */
  readonly closedByServer?: number;
}

export interface Conversations {
  /** Highest seq seen per (recipient, conversation), kept across phases. */
  lastSeq: Map<string, number>;
}

const CONNECT_TIMEOUT_MS = 30_000;
/** The SDK's default heartbeat interval. */
const HEARTBEAT_MS = 25_000;

/** One WebSocket of a user, with its own event stream position, acks and heartbeat. */
interface Link {
  peer?: number;
  send(frame: ClientFrame): boolean;
  readonly open: boolean;
  ping(): void;
  close(): Promise<void>;
  closedByServer?: number;
}

/**
 * `ackDelayMs` 0 acks every events frame at once, as the SDK does; above 0 coalesces acks into
 * one per socket per interval (a what-if for the ack cost: acks are cumulative either way).
 */
function openLink(
  endpoint: Endpoint,
  user: { id: number },
  tracker: () => Tracker,
  ackDelayMs: number,
  counts: { frames: Map<string, number>; redelivered: number },
): Promise<Link> {
  const { url, protocols } = endpoint;
  const ws = new WebSocket(url, protocols, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
  let lastEseq = 0;
  let ackTimer: ReturnType<typeof setTimeout> | undefined;
  const sendAck = () => {
    ackTimer = undefined;
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "ack", upTo: lastEseq } satisfies ClientFrame));
  };
  const { frames } = counts;
  let closing = false;
  // Every socket heartbeats like the SDK does, from hello on: the server closes silent ones after 60 s.
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const link: Link = {
    peer: endpoint.peer,
    send(frame) {
      if (ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(frame));
      return true;
    },
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    ping: () => void (ws.readyState === WebSocket.OPEN && ws.send(HEARTBEAT_REQUEST)),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (ackTimer !== undefined) clearTimeout(ackTimer);
        clearInterval(heartbeat);
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once("close", () => resolve());
        const timer = setTimeout(() => (ws.terminate(), resolve()), 2_000);
        ws.once("close", () => clearTimeout(timer));
        ws.close(1000, "bench done");
      }),
  };
  return new Promise<Link>((resolve, reject) => {
    const timer = setTimeout(
      () => (ws.terminate(), reject(new Error(`no hello for ${user.id} within ${CONNECT_TIMEOUT_MS} ms`))),
      CONNECT_TIMEOUT_MS,
    );
    ws.on("error", (err) => (clearTimeout(timer), reject(err)));
    ws.on("close", (code) => {
      clearTimeout(timer);
      clearInterval(heartbeat);
      if (!closing) link.closedByServer = code;
      reject(new Error(`closed ${code} before hello`));
    });
    ws.on("message", (data) => {
      const at = performance.now();
      const text = data.toString();
      if (text === HEARTBEAT_RESPONSE) return;
      const frame = JSON.parse(text) as ServerFrame;
      frames.set(frame.type, (frames.get(frame.type) ?? 0) + 1);
      switch (frame.type) {
        case "hello":
          clearTimeout(timer);
          heartbeat = setInterval(link.ping, HEARTBEAT_MS);
          return resolve(link);
        case "sent":
          return tracker().onAck(frame.clientMsgId, at);
        case "group_sent":
          return tracker().onGroupAck?.(frame.clientMsgId, frame.seq, at);
        case "error":
          return tracker().onError(frame.code);
        case "events": {
          for (const event of frame.events) {
            if (event.eseq <= lastEseq) {
              counts.redelivered++;
              continue;
            }
            lastEseq = event.eseq;
            if (event.type === "message" && event.message.to === user.id) tracker().onMessage(user.id, event.message, at);
            else if (event.type === "group_message")
              tracker().onGroupEntry?.(user.id, event.message.groupId, event.message.seq, event.message, at);
            else if (event.type === "group_change") tracker().onGroupEntry?.(user.id, event.groupId, event.seq, undefined, at);
          }
          // One cumulative ack per frame, as the SDK does (or one per interval with ackDelayMs).
          if (ackDelayMs <= 0) sendAck();
          else ackTimer ??= setTimeout(sendAck, ackDelayMs);
          return;
        }
        default:
          return;
      }
    });
  });
}

/** A user's socket(s): one for QChat and the relay; for the room, one per peer, opened together. */
export async function openUser(
  target: Target,
  user: { id: number; token: string },
  tracker: () => Tracker,
  ackDelayMs = 0,
): Promise<UserSocket> {
  const counts = { frames: new Map<string, number>(), redelivered: 0 };
  const opening = await Promise.allSettled(
    [target.address(user)].flat().map((endpoint) => openLink(endpoint, user, tracker, ackDelayMs, counts)),
  );
  const links = opening.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  const failed = opening.find((o) => o.status === "rejected");
  if (failed) {
    await Promise.all(links.map((l) => l.close()));
    throw failed.reason;
  }
  const linkTo = (to: number) => links.find((l) => l.peer === to) ?? links.find((l) => l.peer === undefined) ?? links[0]!;
  let requestId = 0;
  return {
    uid: user.id,
    sockets: links.length,
    frames: counts.frames,
    get redelivered() {
      return counts.redelivered;
    },
    send: (to, clientMsgId, body) => linkTo(to).send({ type: "send", id: `r${++requestId}`, to, clientMsgId, body }),
    sendGroup: (groupId, clientMsgId, body) =>
      links[0]!.send({ type: "group_send", id: `r${++requestId}`, groupId: groupId as GroupMessage["groupId"], clientMsgId, body }),
    readGroup: (groupId, upToSeq) =>
      links[0]!.send({ type: "group_read", id: `r${++requestId}`, groupId: groupId as GroupMessage["groupId"], upToSeq }),
    get open() {
      return links.every((l) => l.open);
    },
    ping: () => links.forEach((l) => l.ping()),
    close: async () => void (await Promise.all(links.map((l) => l.close()))),
    get closedByServer() {
      return links.find((l) => l.closedByServer !== undefined)?.closedByServer;
    },
  };
}

/** Opens sockets for `users` with at most `concurrency` handshakes at once; returns them in order. */
export async function openAll(
  target: Target,
  users: { id: number; token: string }[],
  concurrency: number,
  tracker: () => Tracker,
  progress: (done: number) => void = () => {},
  ackDelayMs = 0,
): Promise<{ sockets: UserSocket[]; latenciesMs: number[]; failures: string[] }> {
  const sockets: UserSocket[] = new Array(users.length);
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < users.length) {
      const i = next++;
      const t0 = performance.now();
      try {
        sockets[i] = await openUser(target, users[i]!, tracker, ackDelayMs);
        latenciesMs.push(performance.now() - t0);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  return { sockets: sockets.filter(Boolean), latenciesMs, failures };
}
