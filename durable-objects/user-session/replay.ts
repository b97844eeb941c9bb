// Where a connecting device resumes, and the replay of its queued events behind its acks: at
// most REPLAY_WINDOW_EVENTS unacked at a time, more as it acks, so a reconnect after a long
// offline period does not flood the socket. Live pushes start once the replay has caught up.
import type { HelloFrame } from "../../protocol/frames";
import { readAttachment, updateAttachment } from "./attachment";
import { sendFrame } from "./connections";
import { advanceDevice, deviceCursor, droppedUpTo, eventsAfter } from "./event-stream";
import type { ObjectServices } from "./object-services";

type Services = Pick<ObjectServices, "sql" | "cost">;

/** Events per `events` frame. */
export const REPLAY_FRAME_EVENTS = 100;
/** Events sent but not yet acked during a replay, at most. */
export const REPLAY_WINDOW_EVENTS = 500;

export interface Resume {
  cursor: number;
  /** Set when the queue cap dropped events this device never acked (sent in hello). */
  resync?: NonNullable<HelloFrame["resync"]>;
}

/** The device's cursor; a device behind what the queue cap dropped skips to after it, told so. */
export function resumeDevice(sql: SqlStorage, deviceId: string): Resume {
  const cursor = deviceCursor(sql, deviceId);
  const dropped = droppedUpTo(sql);
  if (cursor >= dropped) return { cursor };
  advanceDevice(sql, deviceId, dropped);
  return { cursor: dropped, resync: { reason: "queue_limit", fromEseq: cursor + 1, toEseq: dropped } };
}

/**
 * Sends queued events after `sentUpTo` while fewer than the window are unacked (`acked` is the
 * device's cumulative ack). When nothing is left the socket becomes `ready` for live pushes, in
 * the same turn as the last read, so no event appended meanwhile can be missed or sent twice.
 */
export function replay(s: Services, ws: WebSocket, acked: number, sentUpTo: number): void {
  let after = sentUpTo;
  // eseq distance >= event count (eseqs are contiguous but for rare holes), so this never overshoots.
  while (after - acked < REPLAY_WINDOW_EVENTS) {
    const batch = eventsAfter(s.sql, after, Math.min(REPLAY_FRAME_EVENTS, REPLAY_WINDOW_EVENTS - (after - acked)));
    if (batch.length === 0) return updateAttachment(ws, { ready: true, replayedUpTo: undefined });
    sendFrame(ws, { type: "events", events: batch }, s.cost);
    after = batch[batch.length - 1]!.eseq;
  }
  updateAttachment(ws, { replayedUpTo: after });
}

/** An ack arrived on this socket: if its replay is still running, send the next page. */
export function continueReplay(s: Services, ws: WebSocket, upTo: number): void {
  const sentUpTo = readAttachment(ws)?.replayedUpTo;
  if (sentUpTo === undefined) return;
  replay(s, ws, Math.min(upTo, sentUpTo), sentUpTo);
}
