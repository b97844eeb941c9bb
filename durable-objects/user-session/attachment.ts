// Per-socket state kept in the WebSocket attachment, so it survives hibernation and eviction.

export interface SocketAttachment {
  v: 1;
  uid: number;
  deviceId: string;
  /** Login session (token jti) that opened this socket, for revocation. */
  sessionId: string;
  connectedAt: number;
}

/** Reads the attachment defensively: sockets from an older deploy may carry another shape. */
export function readAttachment(ws: WebSocket): SocketAttachment | undefined {
  const value: unknown = ws.deserializeAttachment();
  if (!value || typeof value !== "object") return undefined;
  const a = value as Partial<SocketAttachment>;
  return a.v === 1 && typeof a.uid === "number" && typeof a.deviceId === "string" ? (a as SocketAttachment) : undefined;
}
