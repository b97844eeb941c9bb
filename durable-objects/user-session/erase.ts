// Erasing a deleted account's object (POST /v1/me/delete): what the user's object must hand on
// before its storage goes, then the sockets closed and every row, the alarm included, deleted.
import { ACCOUNT_DELETED_CLOSE_CODE } from "../../protocol/account";
import { getDb } from "../../workers/lib/db";
import { callQueueDepth } from "./call-queue";
import { closeSocket, liveSockets } from "./connections";
import type { ObjectServices } from "./object-services";
import { publishPresenceNow } from "./presence";
import { migrate } from "./storage";
import { flushWriteBehind, hasMysqlBacklog } from "./write-behind";

export type EraseVerdict = { ok: true; sockets: number } | { ok: false; reason: "mysql_backlog" | "calls_pending"; message: string };

/**
 * Closes every socket with ACCOUNT_DELETED_CLOSE_CODE, hands on what others still need from this
 * object (its MySQL writes: the history of conversations it owns; its queued calls: messages and
 * receipts for peers' objects), then deletes the alarm and all storage. If either cannot be handed
 * on now, nothing is deleted and the caller retries the whole deletion later.
 *
 * The empty schema is created again at once, so a late call (an old friend's send, a queued
 * receipt) finds an object that knows nobody: NOT_FRIENDS, as for any stranger. It cannot make
 * the account work again: its tokens are revoked and MySQL no longer has the user.
 */
export async function eraseObject(
  s: ObjectServices,
  drainCalls: () => Promise<void>,
  socketGone: (ws: WebSocket) => Promise<void>,
): Promise<EraseVerdict> {
  const closing = liveSockets(s.ctx);
  for (const { ws } of closing) closeSocket(ws, ACCOUNT_DELETED_CLOSE_CODE, "this account was deleted", s.cost);
  // Every socket, closing ones too, is accounted for now: a close event handled after the storage
  // is gone then finds it done and writes nothing. The last presence (offline) goes out unpaced,
  // so no held publication writes after the storage is deleted either.
  await Promise.all(s.ctx.getWebSockets().map((ws) => socketGone(ws)));
  await publishPresenceNow(s);

  if (hasMysqlBacklog(s.sql)) {
    try {
      await flushWriteBehind(s.sql, getDb(s.env), s.transaction);
    } catch (err) {
      return { ok: false, reason: "mysql_backlog", message: `history not yet in MySQL: ${String(err)}` };
    }
  }
  await drainCalls();
  // Deletes the calls the drain handed over (commit.ts deletes taken calls in the next transaction).
  s.transaction(() => undefined);
  if (callQueueDepth(s.sql) > 0) return { ok: false, reason: "calls_pending", message: "other users' objects did not take every call yet" };

  await s.ctx.storage.deleteAlarm();
  await s.ctx.storage.deleteAll();
  migrate(s.ctx.storage);
  return { ok: true, sockets: closing.length };
}
