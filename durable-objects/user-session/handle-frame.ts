// Client frames: parse and validate, then send, ack, read, recall, presence or a group frame
// (group-frames.ts). Every bad frame gets a typed error frame and the socket stays open; only
// oversized frames close it (1009).
import { clientFrame, CLOSE, MAX_FRAME_BYTES, type ClientFrame, type ServerFrame } from "../../protocol/frames";
import { counterName, noteFrameError } from "../../workers/lib/metrics";
import { updateAttachment, type SocketAttachment } from "./attachment";
import { sendFrame } from "./connections";
import { conversationKey, type StoreVerdict } from "./conversation-log";
import { findSent, markDelivered, markRead, recordSent } from "./conversation-state";
import { findOwnFile, hashContent } from "./attachments";
import type { StoredFile } from "../../protocol/files";
import { ackEvents, eventsAfter, knownCursor, pruneEvents, userAcked } from "./event-stream";
import { isFriend } from "./friend-cache";
import type { ReceiptUpdate } from "./call-queue";
import { OwnerUnreachable, toOwner } from "./owner-route";
import { setPresence } from "./presence";
import { continueReplay } from "./replay";
import type { ObjectServices } from "./object-services";
import { FRAME_COST, spendBudget } from "./frame-budget";
import { noteDelivered } from "./group-positions";
import { GroupFrameError, handleGroupRead, handleGroupRecall, handleGroupSend } from "./group-frames";
import { handleTyping, TypingRefused } from "./typing";
import { handleHide, HideRefused } from "./hidden";
import { EditRefused, handleEdit } from "./edit";

type Reply = (frame: ServerFrame) => void;

const ACTIVITY_GRANULARITY_MS = 1_000;
const PRUNE_EVERY = 64;

class FrameError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function handleFrame(
  s: ObjectServices,
  ws: WebSocket,
  attachment: SocketAttachment,
  raw: string | ArrayBuffer,
): Promise<void> {
  if (tooLarge(raw)) return ws.close(CLOSE.TOO_LARGE, `frames are limited to ${MAX_FRAME_BYTES} bytes`);
  // Idle detection needs second precision, not a serialised attachment per frame.
  const now = Date.now();
  if (now - attachment.lastActiveAt >= ACTIVITY_GRANULARITY_MS) updateAttachment(ws, { lastActiveAt: now });
  const reply: Reply = (frame) => {
    if (frame.type === "error") noteFrameError(s.metrics, s.uid, frame.code);
    sendFrame(ws, frame, s.cost);
  };
  // Every frame spends from the user's budget, bad ones included; over it, RATE_LIMITED instead.
  // Every refusal is counted, only the first of a run logged: a flood must not become a log flood.
  const overBudget = (cost: number, id?: string): boolean => {
    const refused = spendBudget(s, cost);
    if (!refused) return false;
    if (refused.first) noteFrameError(s.metrics, s.uid, "RATE_LIMITED");
    else s.metrics.add(counterName.frameError("RATE_LIMITED"));
    const message = `over ${s.settings.messageRatePerSecond} messages per second (other frames count as part of one); slow down`;
    sendFrame(ws, { type: "error", id, code: "RATE_LIMITED", message, retryAfter: refused.retryAfter }, s.cost);
    return true;
  };
  if (typeof raw !== "string") {
    if (!overBudget(FRAME_COST.other)) reply({ type: "error", code: "BINARY_NOT_SUPPORTED", message: "send JSON text frames" });
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    if (!overBudget(FRAME_COST.other)) reply({ type: "error", code: "INVALID_JSON", message: "frame is not valid JSON" });
    return;
  }
  const parsed = clientFrame.safeParse(json);
  s.metrics.add(counterName.frame(parsed.success ? parsed.data.type : "invalid"));
  const id = typeof (json as { id?: unknown })?.id === "string" ? (json as { id: string }).id.slice(0, 64) : undefined;
  const cost = frameCost(s, parsed.success ? parsed.data : undefined);
  // Acks spend but are never refused: a refused ack would stall the replay behind it (replay.ts)
  // and the device's live pushes with it. A repeated ack costs no write (handleAck).
  if (parsed.success && parsed.data.type === "ack") spendBudget(s, cost);
  else if (overBudget(cost, id)) return;
  if (!parsed.success) {
    const type = (json as { type?: unknown })?.type;
    const known = clientFrame.options.some((option) => option.shape.type.value === type);
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "frame"}: ${i.message}`).join("; ");
    return reply({
      type: "error",
      id,
      code: known ? "INVALID_FRAME" : "UNKNOWN_FRAME_TYPE",
      message: known ? detail : `unknown frame type ${JSON.stringify(type)}`,
    });
  }
  try {
    await dispatch(s, attachment, parsed.data, reply);
    // A replay on connect goes on as the device acks (replay.ts).
    if (parsed.data.type === "ack") continueReplay(s, ws, parsed.data.upTo);
  } catch (err) {
    const known =
      err instanceof FrameError ||
      err instanceof GroupFrameError ||
      err instanceof TypingRefused ||
      err instanceof HideRefused ||
      err instanceof EditRefused;
    if (!known) console.error(JSON.stringify({ level: "error", what: "frame", type: parsed.data.type, error: String(err) }));
    reply({ type: "error", id, code: known ? err.code : "INTERNAL", message: known ? err.message : "internal error; retry" });
  }
}

/**
 * A send costs a message, except an exact retry of one already acked (answered from the index).
 * A group_send always costs a message: its retries are answered by the group, not here.
 */
function frameCost(s: ObjectServices, frame: ClientFrame | undefined): number {
  if (frame?.type === "ack") return FRAME_COST.ack;
  if (frame?.type === "group_send") return FRAME_COST.send;
  if (frame?.type !== "send" || findSent(s.sql, { recipient: frame.to, clientMsgId: frame.clientMsgId })) return FRAME_COST.other;
  return FRAME_COST.send;
}

const utf8 = new TextEncoder();

/** Measured in UTF-8 bytes as sent, not UTF-16 units: multi-byte text counts in full. */
function tooLarge(raw: string | ArrayBuffer): boolean {
  if (typeof raw !== "string") return raw.byteLength > MAX_FRAME_BYTES;
  // Each UTF-16 unit is 1 to 3 UTF-8 bytes: only the middle range needs encoding.
  if (raw.length > MAX_FRAME_BYTES) return true;
  if (raw.length * 3 <= MAX_FRAME_BYTES) return false;
  return utf8.encode(raw).byteLength > MAX_FRAME_BYTES;
}

async function dispatch(s: ObjectServices, attachment: SocketAttachment, frame: ClientFrame, reply: Reply): Promise<void> {
  switch (frame.type) {
    case "send":
      return inArrivalOrder(s, () => handleSend(s, frame, reply));
    case "ack":
      return handleAck(s, attachment.deviceId, frame.upTo);
    case "read":
      return handleRead(s, frame.peerId, frame.upToSeq, () => reply({ type: "ok", id: frame.id }));
    case "recall":
      return inArrivalOrder(s, () => handleRecall(s, frame.messageId, () => reply({ type: "ok", id: frame.id })));
    case "presence":
      await setPresence(s, frame.status);
      return reply({ type: "ok", id: frame.id });
    // Group sends and recalls share the 1:1 arrival order: one user's messages keep their order
    // into each group (and a recall never overtakes the send it recalls).
    case "group_send":
      return inArrivalOrder(s, () => handleGroupSend(s, frame, reply));
    case "group_read":
      return handleGroupRead(s, frame, () => reply({ type: "ok", id: frame.id }));
    case "group_recall":
      return inArrivalOrder(s, () => handleGroupRecall(s, frame, () => reply({ type: "ok", id: frame.id })));
    case "edit":
      await inArrivalOrder(s, () => handleEdit(s, frame));
      return reply({ type: "ok", id: frame.id });
    case "hide":
      await handleHide(s, frame);
      return reply({ type: "ok", id: frame.id });
    case "typing":
      await handleTyping(s, frame);
      return frame.id === undefined ? undefined : reply({ type: "ok", id: frame.id });
  }
}

/**
 * Sends and recalls of this user run one at a time, in the order their frames arrived (on any of
 * the user's sockets). Handlers await (a hash, the owner's RPC), and the runtime starts the next
 * frame meanwhile: without this, pipelined sends got sequence numbers out of order (o18 before o0
 * when the peer owned the conversation). Must be called synchronously on arrival.
 */
const arrivals = new WeakMap<DurableObjectState, Promise<unknown>>();
function inArrivalOrder<T>(s: ObjectServices, run: () => Promise<T>): Promise<T> {
  const turn = (arrivals.get(s.ctx) ?? Promise.resolve()).then(run);
  arrivals.set(
    s.ctx,
    turn.catch(() => undefined),
  );
  return turn;
}

async function handleSend(s: ObjectServices, frame: Extract<ClientFrame, { type: "send" }>, reply: Reply): Promise<void> {
  const sentFrame = (m: { messageId: string; seq: number; sentAt: string }) =>
    reply({
      type: "sent",
      id: frame.id,
      clientMsgId: frame.clientMsgId,
      messageId: m.messageId,
      seq: m.seq,
      to: frame.to,
      sentAt: m.sentAt,
    });
  const reused = () =>
    new FrameError("CLIENT_MSG_ID_REUSED", "this clientMsgId was already used for another message to this recipient; use a new one");
  const refused = (verdict: Extract<StoreVerdict, { ok: false }>) =>
    verdict.code === "NOT_FRIENDS" ? new FrameError("NOT_FRIENDS", "you can only message friends") : reused();
  const bodyHash = await hashContent(frame.body, frame.fileId);
  const previous = findSent(s.sql, { recipient: frame.to, clientMsgId: frame.clientMsgId });
  if (previous) {
    // No hash: acked before hashes were kept; the key alone decides, as it did then.
    if (previous.bodyHash !== null && previous.bodyHash !== bodyHash) throw reused();
    return sentFrame({ ...previous, sentAt: new Date(previous.sentAt).toISOString() });
  }
  if (frame.to === s.uid) throw new FrameError("CANNOT_MESSAGE_SELF", "you cannot message yourself");
  if (!isFriend(s.sql, frame.to)) throw new FrameError("NOT_FRIENDS", "you can only message friends");
  // Checked after the index (a retry costs no lookup) and before the owner, who trusts this object.
  const file = await attachOwnFile(s, frame.fileId);
  const input = { from: s.uid, to: frame.to, clientMsgId: frame.clientMsgId, body: frame.body, ...(file ? { file } : {}) };
  let verdict: StoreVerdict;
  try {
    verdict = await toOwner(s, frame.to).store(input, ({ message }) => recordSent(s.sql, message, bodyHash));
  } catch (err) {
    if (!(err instanceof OwnerUnreachable)) throw err;
    throw new FrameError("DELIVERY_FAILED", "the message was not stored; retry with the same clientMsgId");
  }
  if (!verdict.ok) throw refused(verdict);
  sentFrame(verdict.message);
}

/**
 * The metadata of the file a send attaches: one SELECT in MySQL. FILE_NOT_FOUND unless the sender
 * uploaded it and it was not deleted; MySQL down: DELIVERY_FAILED (nothing stored, retry).
 */
async function attachOwnFile(s: ObjectServices, fileId: string | undefined): Promise<StoredFile | undefined> {
  if (fileId === undefined) return undefined;
  const file = await findOwnFile(s.env, s.uid, fileId).catch((err: unknown) => {
    console.error(JSON.stringify({ level: "warn", what: "file lookup", error: String(err) }));
    throw new FrameError("DELIVERY_FAILED", "the attached file could not be checked; retry with the same clientMsgId");
  });
  if (!file) throw new FrameError("FILE_NOT_FOUND", "no file of yours with that id (upload it first: POST /v1/files)");
  return file;
}

/**
 * A device acked events; the first device to receive messages triggers delivered receipts. An ack
 * that triggers none (no incoming message reaches a device for the first time) is written lazily
 * with the object's next transaction (commit.ts deferAck) instead of a transaction of its own.
 * Group messages reaching a device for the first time are reported to their groups, batched and
 * off this path (group-positions.ts): they need no transaction here.
 */
async function handleAck(s: ObjectServices, deviceId: string, upTo: number): Promise<void> {
  if (upTo <= Math.max(knownCursor(s.sql, deviceId), s.deferredAck(deviceId))) return;
  const scan = scanAck(s, upTo);
  if (scan && !scan.incoming) {
    noteDelivered(s, scan.groups);
    return s.deferAck(deviceId, upTo);
  }
  const groups = new Map<string, number>();
  await s.commit(() => {
    const range = ackEvents(s.sql, deviceId, upTo);
    if (range) {
      const highest = new Map<string, { peer: number; seq: number }>();
      for (const e of eventsAfter(s.sql, range.from, range.to - range.from)) {
        if (e.eseq > range.to) continue;
        if (e.type === "group_message") noteGroupPosition(s, groups, e.message);
        if (e.type !== "message" || e.message.to !== s.uid) continue;
        const prev = highest.get(e.message.conversation);
        if (!prev || prev.seq < e.message.seq) highest.set(e.message.conversation, { peer: e.message.from, seq: e.message.seq });
      }
      for (const [conversation, { peer, seq }] of highest) {
        if (markDelivered(s.sql, peer, seq))
          toOwner(s, peer).receipt({ kind: "delivered", conversation, recipient: s.uid, upToSeq: seq, at: Date.now() });
      }
    }
    // Pruning scans every device's cursor: do it every PRUNE_EVERY events, not on every ack.
    if (Math.floor(upTo / PRUNE_EVERY) !== Math.floor((range?.from ?? upTo) / PRUNE_EVERY)) pruneEvents(s.sql);
  });
  noteDelivered(s, groups);
}

/** The group counts delivery to everyone but the sender: this user's own messages report nothing. */
function noteGroupPosition(s: ObjectServices, groups: Map<string, number>, m: { groupId: string; seq: number; from: number }): void {
  if (m.from !== s.uid && m.seq > (groups.get(m.groupId) ?? 0)) groups.set(m.groupId, m.seq);
}

/** Longest range an ack is checked for incoming messages before it takes the full path. */
const DEFER_CHECK_LIMIT = 200;

/**
 * Events up to `upTo` not acked by any device yet: whether they include a message to this user,
 * and the highest seq of each group they carry messages of. Undefined for a range too long to
 * check here (the full path reads it).
 */
function scanAck(s: ObjectServices, upTo: number): { incoming: boolean; groups: Map<string, number> } | undefined {
  const from = userAcked(s.sql);
  const groups = new Map<string, number>();
  if (upTo <= from) return { incoming: false, groups };
  if (upTo - from > DEFER_CHECK_LIMIT) return undefined;
  let incoming = false;
  for (const e of eventsAfter(s.sql, from, upTo - from)) {
    if (e.eseq > upTo) continue;
    if (e.type === "message" && e.message.to === s.uid) incoming = true;
    if (e.type === "group_message") noteGroupPosition(s, groups, e.message);
  }
  return { incoming, groups };
}

async function handleRead(s: ObjectServices, peer: number, upToSeq: number, ok: () => void): Promise<void> {
  await s.commit(() => {
    const read = markRead(s.sql, peer, upToSeq);
    if (read === undefined) return;
    const conversation = conversationKey(s.uid, peer);
    // Reading implies delivery. The device's ack may be processed after this frame (seen in
    // workerd), and the sender should still see "delivered" before "read".
    const owner = toOwner(s, peer);
    const receipt = (kind: ReceiptUpdate["kind"]): ReceiptUpdate => ({
      kind,
      conversation,
      recipient: s.uid,
      upToSeq: read,
      at: Date.now(),
    });
    if (markDelivered(s.sql, peer, read)) owner.receipt(receipt("delivered"));
    owner.receipt(receipt("read"));
  });
  ok();
}

async function handleRecall(s: ObjectServices, messageId: string, ok: () => void): Promise<void> {
  const sent = findSent(s.sql, { messageId });
  if (!sent) throw new FrameError("MESSAGE_NOT_FOUND", "no message of yours with that id");
  const verdict = await toOwner(s, sent.recipient).recall(messageId, s.uid);
  if (!verdict.ok) {
    throw new FrameError(
      verdict.code,
      verdict.code === "RECALL_WINDOW_PASSED" ? "messages can only be recalled within the recall window" : "message not found",
    );
  }
  ok();
}
