// Per-socket state kept in the WebSocket attachment, so it survives hibernation and eviction.

export interface SocketAttachment {
  v: 1;
  uid: number;
  deviceId: string;
  /** Login session (token jti) that opened this socket, for revocation. */
  sessionId: string;
  connectedAt: number;
  /** Last frame from the client (heartbeats are tracked by the runtime instead). */
  lastActiveAt: number;
  /** False until hello and the queued events were sent: live pushes wait for it. */
  ready: boolean;
  /** While a replay runs (replay.ts): the last eseq sent; the next page goes out on an ack. */
  replayedUpTo?: number;
  /** Set once the close was accounted for (counters, presence), so it happens once. */
  gone?: boolean;
}

/** Reads the attachment defensively: sockets from an older deploy may carry another shape. */
export function readAttachment(ws: WebSocket): SocketAttachment | undefined {
  const value: unknown = ws.deserializeAttachment();
  if (!value || typeof value !== "object") return undefined;
  const a = value as Partial<SocketAttachment>;
  return a.v === 1 && typeof a.uid === "number" && typeof a.deviceId === "string" ? (a as SocketAttachment) : undefined;
}

export function updateAttachment(ws: WebSocket, patch: Partial<SocketAttachment>): void {
  const current = readAttachment(ws);
  try {
    if (current) ws.serializeAttachment({ ...current, ...patch });
  } catch {
    // A fully closed socket may refuse new attachments; nothing reads them after that.
  }
}
