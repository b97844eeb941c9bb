// The chaos run's "stored" column, read from MySQL itself (mysql2), never from the history route:
// that route answers from the conversation owner's log while MySQL writes are still queued.
import { createConnection, type RowDataPacket } from "mysql2/promise";
import { LOCAL_ADMIN_TOKEN } from "../dev/local-cloud";

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}
export interface Conversation {
  a: number;
  b: number;
}
/** clientMsgId -> the messageId its sender was acked with; the sender is `a`, the recipient `b`. */
export type Acked = Map<string, string>;

interface Row extends RowDataPacket {
  id: string;
  seq: number;
  sender_id: number;
  recipient_id: number;
  client_msg_id: string;
  body: string | null;
}

const key = ({ a, b }: Conversation) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** The owners' write-behind queues, through the admin route (stats() of each owner's object). */
async function backlog(api: string, conversations: Conversation[]): Promise<number> {
  let total = 0;
  for (const c of conversations) {
    const res = await fetch(`${api}/v1/admin/stats?uid=${Math.min(c.a, c.b)}`, {
      headers: { Authorization: `Bearer ${LOCAL_ADMIN_TOKEN}` },
    });
    if (!res.ok) return Number.POSITIVE_INFINITY;
    total += ((await res.json()) as { user: { mysqlBacklog: number } }).user.mysqlBacklog;
  }
  return total;
}

export interface StoredCheck {
  /** Acked messages found in MySQL exactly as acked (id, sender, recipient, body). */
  stored: number;
  /** Acked messages with no row or a row that differs from the ack, plus gaps in a conversation's seqs. */
  missing: number;
  /** Acked clientMsgIds with more than one row. */
  duplicated: number;
}

/**
 * Waits until the owners' queues are empty and every acked message has its row (or the deadline
 * passes), then compares MySQL row by row with the acks.
 */
export async function checkStored(
  db: MysqlTarget,
  api: string,
  conversations: Conversation[],
  acked: Acked,
  deadline: number,
): Promise<StoredCheck> {
  const conn = await createConnection(db);
  try {
    for (;;) {
      const check = await compare(conn, conversations, acked);
      const drained = (await backlog(api, conversations).catch(() => Number.POSITIVE_INFINITY)) === 0;
      if ((drained && check.missing === 0) || Date.now() > deadline) return check;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await conn.end();
  }
}

async function compare(
  conn: Awaited<ReturnType<typeof createConnection>>,
  conversations: Conversation[],
  acked: Acked,
): Promise<StoredCheck> {
  const result: StoredCheck = { stored: 0, missing: 0, duplicated: 0 };
  const byClientId = new Map<string, Row[]>();
  for (const c of conversations) {
    const [rows] = await conn.query<Row[]>(
      "SELECT id, seq, sender_id, recipient_id, client_msg_id, body FROM messages WHERE conversation_key = ? ORDER BY seq",
      [key(c)],
    );
    // Seqs are gap-free from 1 (the owner assigns them and queues every one): a gap is a lost row.
    result.missing += rows.length === 0 ? 0 : Number(rows[rows.length - 1]!.seq) - rows.length;
    for (const r of rows) {
      if (Number(r.sender_id) !== c.a) continue;
      byClientId.set(r.client_msg_id, [...(byClientId.get(r.client_msg_id) ?? []), r]);
    }
    for (const [clientMsgId, messageId] of acked) {
      if (!clientMsgId.startsWith(`${c.a}-`)) continue;
      const found = byClientId.get(clientMsgId) ?? [];
      if (found.length > 1) result.duplicated++;
      const row = found[0];
      const exact = row !== undefined && row.id === messageId && Number(row.recipient_id) === c.b && row.body === `chaos ${clientMsgId}`;
      if (exact) result.stored++;
      else result.missing++;
    }
  }
  return result;
}
