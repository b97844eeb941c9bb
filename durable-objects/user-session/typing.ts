// Typing indicators: live only (never stored or queued), best effort. The sender's object checks
// the friendship (1:1) and coalesces; the peer's object pushes to its live sockets, or the group's
// object checks membership and fans out to the members' objects, no call queue.
import { TYPING_COALESCE_MS, TYPING_EXPIRES_MS, type ClientFrame, type ServerFrame } from "../../protocol/frames";
import { broadcast } from "./connections";
import type { CostMeter } from "./cost";
import { getRedis } from "../../workers/lib/redis";
import { onlineSockets } from "../../workers/status/online";
import { friendPresence, isFriend } from "./friend-cache";
import type { ObjectServices } from "./object-services";

/** A typing frame refused (not a friend, not a member), sent as an error frame. */
export class TypingRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * When this user last told each conversation, in this instance's memory: an evicted object only
 * lets the next notice out at once. Entries older than the window are dropped as new ones arrive.
 */
const lastTold = new WeakMap<DurableObjectState, Map<string, number>>();

function firstInWindow(ctx: DurableObjectState, conversation: string, now: number): boolean {
  const told = lastTold.get(ctx) ?? new Map<string, number>();
  lastTold.set(ctx, told);
  const last = told.get(conversation);
  if (last !== undefined && now - last < TYPING_COALESCE_MS) return false;
  for (const [key, at] of told) if (now - at >= TYPING_COALESCE_MS) told.delete(key);
  told.set(conversation, now);
  return true;
}

function forget(ctx: DurableObjectState, conversation: string): void {
  lastTold.get(ctx)?.delete(conversation);
}

/**
 * Whether a friend may have a live device, so a notice is worth waking their object for. First
 * this object's friend cache (free): a friend shown online or busy is live. Shown offline may
 * still be live (invisible, or a presence push that has not arrived), so then the online counter
 * in Redis decides (one HGET, coalesced with the notice to one per 3 s): cheaper than waking an
 * idle object, and it counts invisible users' sockets. When Redis does not answer, the notice goes.
 */
async function mayHaveLiveDevice(s: ObjectServices, friend: number): Promise<boolean> {
  if (friendPresence(s.sql, friend) !== "offline") return true;
  const sockets = await onlineSockets(getRedis(s.env), friend).catch(() => undefined);
  return sockets === undefined || sockets > 0;
}

/** `typing` from one of this user's sockets: resolves once passed on (or dropped as a repeat). */
export async function handleTyping(s: ObjectServices, frame: Extract<ClientFrame, { type: "typing" }>): Promise<void> {
  if (frame.to !== undefined) {
    if (!isFriend(s.sql, frame.to)) throw new TypingRefused("NOT_FRIENDS", "you can only message friends");
    if (!firstInWindow(s.ctx, `u:${frame.to}`, Date.now())) return;
    if (!(await mayHaveLiveDevice(s, frame.to))) return;
    await s
      .userStub(frame.to)
      .typingFrom(s.uid)
      .catch((err: unknown) => console.error(JSON.stringify({ level: "warn", what: "typing", error: String(err) })));
    return;
  }
  const groupId = frame.groupId!;
  if (!firstInWindow(s.ctx, `g:${groupId}`, Date.now())) return;
  const verdict = await s
    .groupStub(groupId)
    .typing(s.uid)
    .catch((err: unknown) => {
      console.error(JSON.stringify({ level: "warn", what: "group typing", error: String(err) }));
      return { ok: true as const };
    });
  if (verdict.ok) return;
  // A refusal is not remembered: the next frame is refused as well, not silently dropped.
  forget(s.ctx, `g:${groupId}`);
  throw new TypingRefused(verdict.code, verdict.message);
}

/** The receiving side: a typing notice to every live socket of this user (none: nothing happens). */
export function pushTyping(ctx: DurableObjectState, meter: CostMeter, notice: { from: number; to?: number; groupId?: string }): void {
  const frame: ServerFrame = { type: "typing", ...notice, expiresInMs: TYPING_EXPIRES_MS };
  broadcast(ctx, frame, meter);
}
