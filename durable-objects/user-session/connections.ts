// The user's live sockets: sending frames, device limits and idle detection. Everything is
// derived from ctx.getWebSockets() and attachments, never from instance fields (eviction).
import { CLOSE, type ServerFrame } from "../../protocol/frames";
import { readAttachment, type SocketAttachment } from "./attachment";
import { utf8Length, type CostMeter } from "./cost";

export interface LiveSocket {
  ws: WebSocket;
  attachment: SocketAttachment;
}

/** Open sockets with a valid attachment; sockets already closing are left out (no ghosts). */
export function liveSockets(ctx: DurableObjectState): LiveSocket[] {
  return ctx.getWebSockets().flatMap((ws) => {
    const attachment = ws.readyState === WebSocket.OPEN ? readAttachment(ws) : undefined;
    return attachment ? [{ ws, attachment }] : [];
  });
}

/** Every frame to a device leaves through here or broadcast, counted (cost.framesOut, cost.bytesOut). */
export function sendFrame(ws: WebSocket, frame: ServerFrame, meter: CostMeter): void {
  const text = JSON.stringify(frame);
  try {
    ws.send(text);
    meter.framesSent(1, utf8Length(text));
  } catch {
    // The socket closed under us; its close handler does the bookkeeping.
  }
}

/**
 * Closes a socket from the server side: a `closing` frame first, then the close frame. workerd
 * ends the TCP connection of a hibernatable socket closed outside its own event handler (an RPC,
 * another socket's upgrade, the alarm) only ~10 s after the close handshake, so clients act on
 * the `closing` frame instead of waiting for their close event.
 */
export function closeSocket(ws: WebSocket, code: number, reason: string, meter: CostMeter): void {
  sendFrame(ws, { type: "closing", code, reason }, meter);
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}

/** Sends one serialised frame to every ready socket (serialised once, not per device). */
export function broadcast(ctx: DurableObjectState, frame: ServerFrame, meter: CostMeter): void {
  const text = JSON.stringify(frame);
  let sent = 0;
  for (const { ws, attachment } of liveSockets(ctx)) {
    if (!attachment.ready) continue;
    try {
      ws.send(text);
      sent++;
    } catch {
      // See sendFrame.
    }
  }
  if (sent > 0) meter.framesSent(sent, utf8Length(text));
}

/**
 * Makes room for a new device: the same device id connecting again replaces its old socket;
 * beyond the limit the oldest device is closed. Both closes are terminal for the client.
 */
export function makeRoomFor(ctx: DurableObjectState, deviceId: string, maxDevices: number, meter: CostMeter): WebSocket[] {
  const sockets = liveSockets(ctx);
  const same = sockets.filter((s) => s.attachment.deviceId === deviceId);
  for (const s of same) closeSocket(s.ws, CLOSE.DEVICE_REPLACED, "this device connected again", meter);
  const others = sockets
    .filter((s) => s.attachment.deviceId !== deviceId)
    .sort((a, b) => a.attachment.connectedAt - b.attachment.connectedAt);
  const oldest = others.slice(0, Math.max(0, others.length - (maxDevices - 1)));
  for (const s of oldest)
    closeSocket(s.ws, CLOSE.DEVICE_LIMIT, `device limit of ${maxDevices} reached; the oldest device was signed out`, meter);
  return [...same, ...oldest].map((s) => s.ws);
}

/** When the socket last showed life: a frame, or a heartbeat answered by the runtime. */
export function lastActivity(ctx: DurableObjectState, s: LiveSocket): number {
  const heartbeat = ctx.getWebSocketAutoResponseTimestamp(s.ws)?.getTime() ?? 0;
  return Math.max(s.attachment.lastActiveAt, heartbeat);
}

/** Closes sockets silent for longer than idleMs; returns them and the earliest deadline of the rest. */
export function closeIdle(
  ctx: DurableObjectState,
  idleMs: number,
  meter: CostMeter,
  now = Date.now(),
): { closed: WebSocket[]; next?: number } {
  let next: number | undefined;
  const closed: WebSocket[] = [];
  for (const s of liveSockets(ctx)) {
    const deadline = lastActivity(ctx, s) + idleMs;
    if (deadline <= now) {
      closeSocket(s.ws, CLOSE.IDLE, "no frames or heartbeats; reconnect", meter);
      closed.push(s.ws);
    } else next = Math.min(next ?? deadline, deadline);
  }
  return { closed, next };
}
