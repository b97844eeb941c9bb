// The same-runtime baseline ("room"): a minimal Durable Object chat, run by bench/room/process.ts
// in the same Miniflare/workerd as QChat, never deployed. One object per PAIR of users (named
// "<low>:<high>"), one SQLite insert per message, the message sent to the other member's sockets
// held by that object (hibernation API). No auth, receipts, echo or outbox. Like bench/relay.ts it
// speaks only the subset of QChat's protocol the load client uses: hello on connect; send -> one
// insert, then an events/message frame to the peer and `sent` to the sender; ping -> pong by the
// runtime's auto-response; acks are ignored. A socket belongs to one pair (`/?uid=U&peer=P`), so a
// user in a ring holds one socket per peer (bench/room/target.ts).
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, type ClientFrame, type ServerFrame } from "../../protocol/frames";

// The workerd APIs used here, declared locally: bench/ is type-checked with Node's tsconfig, which
// does not load worker-configuration.d.ts (its globals clash with Node's).
interface WorkerSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
interface RoomState {
  storage: { sql: { exec(query: string, ...bindings: (string | number)[]): { one(): Record<string, unknown> } } };
  acceptWebSocket(ws: WorkerSocket, tags: string[]): void;
  getWebSockets(tag?: string): WorkerSocket[];
  getTags(ws: WorkerSocket): string[];
  setWebSocketAutoResponse(pair: unknown): void;
}
interface RoomStub {
  fetch(request: Request): Promise<Response>;
}
interface Env {
  ROOM: { idFromName(name: string): unknown; get(id: unknown): RoomStub };
}
declare const WebSocketPair: new () => { 0: WorkerSocket; 1: WorkerSocket };
declare const WebSocketRequestResponsePair: new (request: string, response: string) => unknown;

const pairName = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const isUid = (n: number) => Number.isSafeInteger(n) && n > 0;

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** The pair a socket URL names: `?uid=` (this socket's user) and `?peer=` (the other member). */
function readPair(request: Request): { uid: number; peer: number } | undefined {
  const params = new URL(request.url).searchParams;
  const uid = Number(params.get("uid"));
  const peer = Number(params.get("peer"));
  return isUid(uid) && isUid(peer) && uid !== peer ? { uid, peer } : undefined;
}

export class Room {
  /** The pair's last message seq, kept in memory; reloaded from SQLite when the object wakes. */
  #seq: number;

  constructor(
    readonly ctx: RoomState,
    _env: Env,
  ) {
    const sql = ctx.storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS messages (
      seq INTEGER PRIMARY KEY, message_id TEXT NOT NULL, sender INTEGER NOT NULL, recipient INTEGER NOT NULL,
      client_msg_id TEXT NOT NULL, body TEXT NOT NULL, sent_at TEXT NOT NULL)`);
    this.#seq = Number(sql.exec("SELECT COALESCE(MAX(seq), 0) AS seq FROM messages").one().seq);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE));
  }

  async fetch(request: Request): Promise<Response> {
    const pair = readPair(request);
    if (!pair) return errorResponse(400, "bad_pair", "expected ?uid=<id>&peer=<other id>");
    const { 0: client, 1: server } = new WebSocketPair();
    // Tags: who holds the socket (the peer's sends find it by this) and whom it may send to.
    this.ctx.acceptWebSocket(server, [`uid:${pair.uid}`, `peer:${pair.peer}`]);
    server.send(JSON.stringify({ type: "hello", uid: pair.uid, deviceId: "room", pending: 0 }));
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  }

  webSocketMessage(ws: WorkerSocket, message: string | ArrayBuffer): void {
    let frame: ClientFrame;
    try {
      frame = JSON.parse(typeof message === "string" ? message : new TextDecoder().decode(message)) as ClientFrame;
    } catch {
      return ws.send(JSON.stringify({ type: "error", code: "bad_frame", message: "not JSON" } satisfies ServerFrame));
    }
    if (frame.type !== "send") return; // Acks and the rest: the room keeps no per-device state.
    const tags = this.ctx.getTags(ws);
    const from = Number(tags.find((t) => t.startsWith("uid:"))?.slice(4));
    const peer = Number(tags.find((t) => t.startsWith("peer:"))?.slice(5));
    if (frame.to !== peer) {
      return ws.send(
        JSON.stringify({
          type: "error",
          id: frame.id,
          code: "not_member",
          message: `this socket sends to ${peer} only`,
        } satisfies ServerFrame),
      );
    }
    const seq = this.#seq + 1;
    const chat = {
      messageId: crypto.randomUUID(),
      conversation: pairName(from, peer),
      seq,
      from,
      to: peer,
      clientMsgId: frame.clientMsgId,
      body: frame.body,
      sentAt: new Date().toISOString(),
    };
    // The one write. The runtime's output gate holds both frames below until it is durable.
    this.ctx.storage.sql.exec(
      "INSERT INTO messages (seq, message_id, sender, recipient, client_msg_id, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      seq,
      chat.messageId,
      from,
      peer,
      chat.clientMsgId,
      chat.body,
      chat.sentAt,
    );
    this.#seq = seq;
    // The pair's seq doubles as the recipient's event seq: increasing on each of its sockets.
    const events = JSON.stringify({ type: "events", events: [{ eseq: seq, type: "message", message: chat }] } satisfies ServerFrame);
    for (const socket of this.ctx.getWebSockets(`uid:${peer}`)) socket.send(events);
    ws.send(
      JSON.stringify({
        type: "sent",
        id: frame.id,
        clientMsgId: frame.clientMsgId,
        messageId: chat.messageId,
        seq,
        to: peer,
        sentAt: chat.sentAt,
      } satisfies ServerFrame),
    );
  }

  webSocketClose(ws: WorkerSocket, code: number, reason: string): void {
    // Reciprocate, or the client sits in CLOSING and reports 1006.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return errorResponse(426, "upgrade_required", "expected a WebSocket upgrade");
    const pair = readPair(request);
    if (!pair) return errorResponse(400, "bad_pair", "expected ?uid=<id>&peer=<other id>");
    return env.ROOM.get(env.ROOM.idFromName(pairName(pair.uid, pair.peer))).fetch(request);
  },
};
