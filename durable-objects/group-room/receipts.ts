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

/** Moves the caller's position forward (read implies delivered) and marks the range for the next round. */
export function markPosition(
  sql: SqlStorage,
  caller: number,
  kind: "read" | "delivered",
  upToSeq: number,
): { ok: true; moved: boolean } | Failure {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const { me } = access;
  const upTo = Math.min(upToSeq, lastSeq(sql));
  const from = kind === "read" ? me.read_seq : Math.max(me.delivered_seq, me.read_seq);
  if (upTo <= from) return { ok: true, moved: false };
  if (kind === "read") sql.exec("UPDATE members SET read_seq = ?, delivered_seq = MAX(delivered_seq, ?) WHERE uid = ?", upTo, upTo, caller);
  else sql.exec("UPDATE members SET delivered_seq = ? WHERE uid = ?", upTo, caller);
  const pending = getKv(sql, "receipts_pending");
  const [lo, hi] = pending ? (JSON.parse(pending) as [number, number]) : [Infinity, 0];
  setKv(sql, "receipts_pending", JSON.stringify([Math.min(lo, from + 1), Math.max(hi, upTo)]));
  return { ok: true, moved: true };
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
