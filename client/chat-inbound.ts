// Incoming WebSocket data -> validated server frames. Never throws: heartbeat replies, valid
// frames and rejects (with a reason) are told apart so the connection can route each.
import { HEARTBEAT_RESPONSE, serverFrame, type ServerFrame } from "../protocol/frames";

export type Inbound = { kind: "pong" } | { kind: "frame"; frame: ServerFrame } | { kind: "invalid"; reason: string; raw: string };

/** Longest excerpt of a rejected frame kept on the "error" event. */
const RAW_EXCERPT = 500;

export function parseInbound(data: unknown): Inbound {
  if (typeof data !== "string") return { kind: "invalid", reason: "binary frame; the protocol is JSON text", raw: "" };
  const raw = data.slice(0, RAW_EXCERPT);
  // The runtime's auto-response is a fixed string outside the frame union; match it verbatim.
  if (data === HEARTBEAT_RESPONSE) return { kind: "pong" };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: "invalid", reason: "frame is not valid JSON", raw };
  }
  const parsed = serverFrame.safeParse(json);
  if (parsed.success) return { kind: "frame", frame: parsed.data };
  const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "frame"}: ${i.message}`).join("; ");
  return { kind: "invalid", reason: `invalid server frame: ${detail}`, raw };
}
