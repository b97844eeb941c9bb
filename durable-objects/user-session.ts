// One Durable Object per user: holds all of that user's WebSockets via the Hibernation API.
// The Worker authenticates the upgrade and passes the uid; nothing reaches here unauthenticated.
import { DurableObject } from "cloudflare:workers";
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, PROTOCOL_NAME, PROTOCOL_VERSION, type ServerFrame } from "../protocol/frames";
import { getRedis } from "../workers/lib/redis";
import { socketClosed, socketOpened } from "../workers/status/online";
import { readAttachment, type SocketAttachment } from "./user-session/attachment";

/** Headers the Worker sets after authenticating; clients cannot reach the DO directly. */
export const DO_HEADERS = { uid: "x-qchat-uid", session: "x-qchat-session", device: "x-qchat-device" } as const;

export class UserSession extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Heartbeats are answered by the runtime and never wake the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE));
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const uid = Number(request.headers.get(DO_HEADERS.uid));
    const deviceId = request.headers.get(DO_HEADERS.device) ?? crypto.randomUUID();
    const attachment: SocketAttachment = { v: 1, uid, deviceId, sessionId: request.headers.get(DO_HEADERS.session) ?? "", connectedAt: Date.now() };
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [`device:${deviceId}`.slice(0, 256)]);
    server.serializeAttachment(attachment);
    this.send(server, { type: "hello", protocolVersion: PROTOCOL_VERSION, uid, deviceId, serverTime: new Date().toISOString() });
    const open = this.openSockets().length;
    this.ctx.waitUntil(socketOpened(getRedis(this.env), uid, open === 1).catch(logError("online counter")));
    const offered = request.headers.get("Sec-WebSocket-Protocol")?.split(",").map((p) => p.trim()) ?? [];
    const headers = offered.includes(PROTOCOL_NAME) ? { "Sec-WebSocket-Protocol": PROTOCOL_NAME } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  override async webSocketMessage(ws: WebSocket, _message: string | ArrayBuffer): Promise<void> {
    // Chat frames arrive with the chat-core issue; until then every frame gets a typed answer.
    this.send(ws, { type: "error", code: "UNSUPPORTED_FRAME", message: "this server only says hello for now" });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // Reciprocate, or the client sits in CLOSING and reports 1006.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
    const attachment = readAttachment(ws);
    if (!attachment) return;
    const remaining = this.openSockets().filter((s) => s !== ws).length;
    await socketClosed(getRedis(this.env), attachment.uid, remaining === 0).catch(logError("online counter"));
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011, "socket error");
  }

  private openSockets(): WebSocket[] {
    return this.ctx.getWebSockets().filter((s) => s.readyState === WebSocket.OPEN);
  }

  private send(ws: WebSocket, frame: ServerFrame): void {
    ws.send(JSON.stringify(frame));
  }
}

const logError = (what: string) => (err: unknown) => console.error(JSON.stringify({ level: "error", what, error: String(err) }));
