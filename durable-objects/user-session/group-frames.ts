// The group frames of a member's socket: group_send, group_read and group_recall. The group's
// object (GroupRoom) decides membership, roles, seq and idempotency; this object passes the
// caller's uid (never a client-supplied one), turns the verdict into a reply, and keeps its own
// side of a read (counts, the other devices).
import type { ClientFrame, ServerFrame } from "../../protocol/frames";
import type { GroupErrorCode } from "../group-room/api";
import { groupReadTarget, myGroup } from "./group-membership";
import { noteRead } from "./group-positions";
import type { ObjectServices } from "./object-services";

type Frame<T extends ClientFrame["type"]> = Extract<ClientFrame, { type: T }>;
type Reply = (frame: ServerFrame) => void;

/** A group frame refused, sent as an error frame: the group's verdict code, or DELIVERY_FAILED. */
export class GroupFrameError extends Error {
  constructor(
    readonly code: GroupErrorCode | "DELIVERY_FAILED",
    message: string,
  ) {
    super(message);
  }
}

/** The group's object did not answer: whether it did the work is unknown, so the client retries. */
const unreachable = (what: string) => (err: unknown) => {
  console.error(JSON.stringify({ level: "warn", what: `group ${what}`, error: String(err) }));
  throw new GroupFrameError("DELIVERY_FAILED", `the group did not answer; retry${what === "send" ? " with the same clientMsgId" : ""}`);
};

/**
 * `group_send` -> the group's `post`, answered `group_sent` once the group has stored the
 * message durably (a retry with the same clientMsgId and body gets the same answer; another body
 * CLIENT_MSG_ID_REUSED). The echo to this user's other devices comes with the group's fan-out,
 * as a `group_message` event like everyone else's.
 */
export async function handleGroupSend(s: ObjectServices, frame: Frame<"group_send">, reply: Reply): Promise<void> {
  const verdict = await s
    .groupStub(frame.groupId)
    .post({ from: s.uid, clientMsgId: frame.clientMsgId, body: frame.body, ...(frame.fileId ? { fileId: frame.fileId } : {}) })
    .catch(unreachable("send"));
  if (!verdict.ok) throw new GroupFrameError(verdict.code, verdict.message);
  const m = verdict.message;
  if (verdict.created) s.metrics.add("groups.sent");
  reply({
    type: "group_sent",
    id: frame.id,
    clientMsgId: m.clientMsgId,
    messageId: m.messageId,
    groupId: m.groupId,
    seq: m.seq,
    sentAt: m.sentAt,
  });
}

/**
 * `group_read` -> this user's counts up to `upToSeq` (capped at the newest seq this user has) and
 * a `group_read` event to their devices, so every device clears the badge; the read position goes
 * to the group (its "read by N") with the next position report, coalesced (group-positions.ts). A
 * group this object does not know yet (its events are still on their way) asks the group first,
 * which decides membership. A read that moves nothing is answered `ok`.
 */
export async function handleGroupRead(s: ObjectServices, frame: Frame<"group_read">, ok: () => void): Promise<void> {
  if (myGroup(s.sql, frame.groupId)) noteRead(s, frame.groupId, frame.upToSeq);
  else {
    const verdict = await s.groupStub(frame.groupId).markPosition(s.uid, "read", frame.upToSeq).catch(unreachable("read"));
    if (!verdict.ok) throw new GroupFrameError(verdict.code, verdict.message);
  }
  await s.commit(() => {
    const upTo = groupReadTarget(s.sql, frame.groupId, frame.upToSeq);
    if (upTo !== undefined)
      s.emit(s.uid, `gread:${frame.groupId}:${upTo}`, {
        type: "group_read",
        groupId: frame.groupId,
        upToSeq: upTo,
        at: new Date().toISOString(),
      });
  });
  ok();
}

/** `group_recall` -> the group's `recall` (the sender within the window, admins and the owner at any time). */
export async function handleGroupRecall(s: ObjectServices, frame: Frame<"group_recall">, ok: () => void): Promise<void> {
  const verdict = await s.groupStub(frame.groupId).recall(s.uid, frame.messageId).catch(unreachable("recall"));
  if (!verdict.ok) throw new GroupFrameError(verdict.code, verdict.message);
  ok();
}
