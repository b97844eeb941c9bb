// WebSocket frames: one discriminated union per direction, validated at runtime, shared by the
// Durable Object, the client SDK, the tests and the benchmark.
import { z } from "zod";

export const PROTOCOL_VERSION = 1;

/** Subprotocol the server selects when the client offers it. */
export const PROTOCOL_NAME = "qchat.v1";

/**
 * Heartbeat pair answered by the runtime without waking a hibernated Durable Object
 * (setWebSocketAutoResponse matches the request string exactly, so clients must send it verbatim).
 */
export const HEARTBEAT_REQUEST = '{"type":"ping"}';
export const HEARTBEAT_RESPONSE = '{"type":"pong"}';

/** Largest frame either side may send; larger ones close the socket with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

export const helloFrame = z.object({
  type: z.literal("hello"),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  /** The authenticated user. */
  uid: z.number().int(),
  /** This connection's device id (from `?device=`, else generated). */
  deviceId: z.string(),
  serverTime: z.string(),
});

export const errorFrame = z.object({
  type: z.literal("error"),
  /** Echo of the request frame's `id`, when it had one. */
  id: z.string().optional(),
  code: z.string(),
  message: z.string(),
});

export const serverFrame = z.discriminatedUnion("type", [helloFrame, errorFrame]);
export type ServerFrame = z.infer<typeof serverFrame>;

/** Close codes with a meaning clients must act on. */
export const CLOSE = {
  NORMAL: 1000,
  TOO_LARGE: 1009,
  /** The token was revoked or expired: do not reconnect with it. */
  AUTH_ENDED: 4001,
  /** Another device took this device slot. */
  DEVICE_REPLACED: 4002,
} as const;
