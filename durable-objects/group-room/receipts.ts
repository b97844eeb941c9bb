// Receipts: each member's delivered and read positions (cumulative), the counts per message
// (excluding its sender, only members who were in the group when it was sent), and the coalesced
// `group_receipts` events to senders, at most one round per group per second.
import type { EventBody } from "../../protocol/events";
import type { GroupReceiptsReply } from "../../protocol/groups";
import { fail, isAdmin, memberAccess, type Failure } from "./access";
import { emitTo } from "./follow-ups";
import { allMembers, lastSeq, memberCount, type MemberRow } from "./state";
import { getKv, setKv } from "./storage";

/** How often a group sends receipt events at most. */
export const RECEIPTS_INTERVAL_MS = 1_000;
/** Messages one round reports at most (the newest of the range). */
const ROUND_MAX = 200;

type Counts = GroupReceiptsReply["counts"][number];

function countsFor(members: MemberRow[], seq: number, sender: number): Counts {
  let deliveredTo = 0;
  let readBy = 0;
  for (const m of members) {
    if (m.uid === sender || m.joined_after_seq >= seq) continue;
    if (Math.max(m.delivered_seq, m.read_seq) >= seq) deliveredTo++;
    if (m.read_seq >= seq) readBy++;
  }
  return { seq, deliveredTo, readBy };
}

/**
 * Members' positions reported since the last round, held in memory and written by the round's
 * transaction: one transaction a round (at most one a second), not one per report. A crash loses
 * at most one round's positions, which the members' next reports bring back.
 */
export class PendingPositions {
  readonly #byMember = new Map<number, { read: number; delivered: number }>();
  /** The seqs whose counts these positions move. */
  #range: [number, number] = [Infinity, 0];

  get size(): number {
    return this.#byMember.size;
  }

  /** Moves the caller's position forward (read implies delivered), in memory; answers membership as the write would. */
  note(sql: SqlStorage, caller: number, kind: "read" | "delivered", upToSeq: number): { ok: true; moved: boolean } | Failure {
    const access = memberAccess(sql, caller);
    if (!access.ok) return access;
    const { me } = access;
    const at = this.#byMember.get(caller) ?? { read: me.read_seq, delivered: Math.max(me.delivered_seq, me.read_seq) };
    const upTo = Math.min(upToSeq, lastSeq(sql));
    const from = kind === "read" ? at.read : Math.max(at.delivered, at.read);
    if (upTo <= from) return { ok: true, moved: false };
    this.#byMember.set(caller, kind === "read" ? { read: upTo, delivered: Math.max(at.delivered, upTo) } : { ...at, delivered: upTo });
    this.#range = [Math.min(this.#range[0], from + 1), Math.max(this.#range[1], upTo)];
    return { ok: true, moved: true };
  }

  /** Writes the held positions and marks their range for the next round (in the caller's transaction). */
  write(sql: SqlStorage): void {
    if (this.#byMember.size === 0) return;
    for (const [uid, p] of this.#byMember)
      // A member who left meanwhile has no row: nothing is written for them.
      sql.exec(
        "UPDATE members SET read_seq = MAX(read_seq, ?), delivered_seq = MAX(delivered_seq, ?) WHERE uid = ?",
        p.read,
        p.delivered,
        uid,
      );
    const pending = getKv(sql, "receipts_pending");
    const [lo, hi] = pending ? (JSON.parse(pending) as [number, number]) : [Infinity, 0];
    setKv(sql, "receipts_pending", JSON.stringify([Math.min(lo, this.#range[0]), Math.max(hi, this.#range[1])]));
    this.#byMember.clear();
    this.#range = [Infinity, 0];
  }
}

/** One round: counts for the messages in the pending range, one event per sender. Returns whether anything was sent. */
export function sendReceiptsRound(sql: SqlStorage, groupId: string, now: number): boolean {
  const pending = getKv(sql, "receipts_pending");
  if (!pending) return false;
  const [lo, hi] = JSON.parse(pending) as [number, number];
  sql.exec("DELETE FROM kv WHERE key = 'receipts_pending'");
  const messages = sql
    .exec<{ seq: number; sender: number }>(
      "SELECT seq, sender FROM log WHERE kind = 'message' AND recalled_at IS NULL AND seq BETWEEN ? AND ? ORDER BY seq DESC LIMIT ?",
      lo,
      hi,
      ROUND_MAX,
    )
    .toArray()
    .reverse();
  if (messages.length === 0) return false;
  const members = allMembers(sql);
  const inGroup = new Set(members.map((m) => m.uid));
  const bySender = new Map<number, Counts[]>();
  for (const m of messages) {
    // A sender who left gets nothing more from the group.
    if (!inGroup.has(m.sender)) continue;
    bySender.set(m.sender, [...(bySender.get(m.sender) ?? []), countsFor(members, m.seq, m.sender)]);
  }
  for (const [sender, counts] of bySender) {
    const n = Number(getKv(sql, "receipts_n") ?? 0) + 1;
    setKv(sql, "receipts_n", n);
    const body: EventBody = {
      type: "group_receipts",
      groupId,
      members: members.length - 1,
      counts,
      at: new Date(now).toISOString(),
    };
    emitTo(sql, [sender], `grc:${groupId}:${n}`, body);
  }
  return bySender.size > 0;
}

/** Counts for the caller's own messages among `seqs` (admins: any message). */
export function receiptCounts(sql: SqlStorage, caller: number, seqs: number[]): (GroupReceiptsReply & { ok: true }) | Failure {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const members = allMembers(sql);
  const counts: Counts[] = [];
  for (const seq of [...new Set(seqs)]) {
    const row = sql.exec<{ sender: number }>("SELECT sender FROM log WHERE seq = ? AND kind = 'message'", seq).toArray()[0];
    if (!row || seq <= access.me.joined_after_seq) continue;
    if (row.sender !== caller && !isAdmin(access.me)) return fail("GROUP_FORBIDDEN", "receipts are for your own messages");
    counts.push(countsFor(members, seq, row.sender));
  }
  return { ok: true, members: memberCount(sql) - 1, counts };
}
