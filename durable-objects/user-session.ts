// One Durable Object per user (named by uid): holds all of that user's WebSockets with the
// Hibernation API, owns the user's event stream and offline queue, and talks to other users'
// objects through RPC. The Worker authenticates the upgrade; nothing reaches here unauthenticated.
import { DurableObject } from "cloudflare:workers";
import type { EventBody, Presence, UserEvent } from "../protocol/events";
import { CLOSE, HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, PROTOCOL_NAME } from "../protocol/frames";
import { safeCause } from "../workers/errors";
import { getDb } from "../workers/lib/db";
import { createCounters, flushMetrics, metricsFlushMs, type Counters } from "../workers/lib/metrics";
import { getRedis } from "../workers/lib/redis";
import { userSession } from "../workers/lib/user-session";
import { recordOnline } from "../workers/status/online";
import { applyEvent } from "./user-session/apply-event";
import { readAttachment, updateAttachment, type SocketAttachment } from "./user-session/attachment";
import { broadcast, closeIdle, closeSocket, liveSockets, makeRoomFor, sendFrame } from "./user-session/connections";
import type { HistoryMessage } from "../protocol/history";
import { conversationOwner, logPage, type NewMessage, type RecallVerdict, type StoreVerdict } from "./user-session/conversation-log";
import { countEventsAfter, ephemeralDeviceId, forgetDevice, isEphemeralDevice, pruneEvents, userAcked } from "./user-session/event-stream";
import { replay, resumeDevice } from "./user-session/replay";
import { capQueue, logPrunedUpTo, pruneStorage, readRetention } from "./user-session/retention";
import { isFriend, setFriendPresence } from "./user-session/friend-cache";
import { hasConversationWith, unreadCounts } from "./user-session/conversation-state";
import { handleFrame } from "./user-session/handle-frame";
import { buildHello } from "./user-session/hello";
import { flushMysql, hasMysqlBacklog, mysqlBacklog, mysqlClashes } from "./user-session/mysql-writer";
import { drainOutbox, enqueueCall, hasOutbox, outboxDepth, type QueuedCall } from "./user-session/outbox";
import { applyReceiptAsOwner, recallAsOwner, storeAsOwner } from "./user-session/owner";
import { publishPresence } from "./user-session/presence";
import { readChatSettings, type SessionContext } from "./user-session/session-context";
import { getKv, incrementKv, migrate, setKv } from "./user-session/storage";

/** Headers the Worker sets after authenticating; clients cannot reach the DO directly. */
export const DO_HEADERS = { uid: "x-qchat-uid", session: "x-qchat-session", device: "x-qchat-device" } as const;

/** Write-behind waits this long to batch MySQL writes. */
const MYSQL_FLUSH_DELAY_MS = 100;
const MYSQL_MAX_BACKOFF_MS = 30_000;
/** When queued cross-object calls are retried if the immediate drain did not finish. */
const OUTBOX_SAFETY_NET_MS = 2_000;

export class UserSession extends DurableObject<Env> {
  readonly #session: SessionContext;
  /** Events appended during the current transaction, pushed to live sockets after it. */
  #toPush: UserEvent[] = [];
  /** The running outbox drain, if any: one at a time keeps per-target order and avoids double calls. */
  #draining: Promise<void> | undefined;
  #drainAgain = false;
  #knownUid: number | undefined;
  /** The alarm as this instance last set or read it (undefined: not known yet; null: none). */
  #alarmAt: number | null | undefined;
  // ---- metrics: in-memory tallies, flushed by the alarm (METRICS_FLUSH_SECONDS after the first).
  #metricsDueAt = 0;
  readonly #metrics: Counters = createCounters(() => {
    this.#metricsDueAt = Date.now() + metricsFlushMs(this.env);
    this.ctx.waitUntil(this.#scheduleAlarm(this.#metricsDueAt));
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage);
    // Heartbeats are answered by the runtime and never wake the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE));
    const self = this;
    this.#session = {
      get uid() {
        return self.#uid();
      },
      ctx,
      sql: ctx.storage.sql,
      env,
      settings: readChatSettings(env),
      metrics: this.#metrics,
      userStub: (uid) => userSession(env, uid),
      emit: (target, key, body) => this.#emit(target, key, body),
      commit: (change) => this.#commit(change),
    };
  }

  /**
   * This object's user. `ctx.id.name` is absent when the object is woken by an alarm (seen in
   * local workerd after a restart), so the uid is also kept in storage the first time it is known.
   */
  #uid(fromHeader?: string | null): number {
    if (this.#knownUid !== undefined) return this.#knownUid;
    const sql = this.ctx.storage.sql;
    const known = this.ctx.id.name ?? getKv(sql, "uid") ?? fromHeader ?? undefined;
    if (known === undefined) throw new Error("UserSession: uid unknown (object not addressed by name)");
    if (getKv(sql, "uid") === undefined) setKv(sql, "uid", known);
    this.#knownUid = Number(known);
    return this.#knownUid;
  }

  // ---- sockets ------------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const s = this.#session;
    this.#uid(request.headers.get(DO_HEADERS.uid));
    // No `?device=`: an id no client can name again, forgotten when this socket closes.
    const deviceId = request.headers.get(DO_HEADERS.device) ?? ephemeralDeviceId();
    const displaced = makeRoomFor(this.ctx, deviceId, s.settings.maxDevices);
    this.ctx.waitUntil(Promise.all(displaced.map((ws) => this.#socketGone(ws))));
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [`device:${deviceId}`.slice(0, 256)]);
    const now = Date.now();
    const attachment: SocketAttachment = {
      v: 1,
      uid: s.uid,
      deviceId,
      sessionId: request.headers.get(DO_HEADERS.session) ?? "",
      connectedAt: now,
      lastActiveAt: now,
      ready: false,
    };
    server.serializeAttachment(attachment);
    this.#metrics.add("sockets.opened");
    this.ctx.waitUntil(this.#greet(server, deviceId));
    const offered =
      request.headers
        .get("Sec-WebSocket-Protocol")
        ?.split(",")
        .map((p) => p.trim()) ?? [];
    const headers = offered.includes(PROTOCOL_NAME) ? { "Sec-WebSocket-Protocol": PROTOCOL_NAME } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /**
   * hello (with `resync` if the queue cap dropped events this device missed), then the queued
   * events in order, a window at a time as the device acks (replay.ts), then live pushes.
   */
  async #greet(ws: WebSocket, deviceId: string): Promise<void> {
    const s = this.#session;
    const { cursor, resync } = this.ctx.storage.transactionSync(() => {
      capQueue(s.sql, readRetention(this.env));
      return resumeDevice(s.sql, deviceId);
    });
    const hello = await buildHello(s, deviceId, cursor);
    sendFrame(ws, resync ? { ...hello, resync } : hello);
    // No await between the last page read and `ready`: nothing can be appended in between.
    replay(s.sql, ws, cursor, cursor);
    const open = liveSockets(this.ctx).length;
    await Promise.all([
      recordOnline(getRedis(this.env), s.uid, open).catch(logError("online counter")),
      publishPresence(s),
      this.#scheduleAlarm(Date.now() + s.settings.idleTimeoutMs),
    ]);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const attachment = readAttachment(ws);
    if (!attachment) return ws.close(1011, "unknown socket; reconnect");
    await handleFrame(this.#session, ws, attachment, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // Reciprocate, or the client sits in CLOSING and reports 1006.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
    await this.#socketGone(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.#socketGone(ws);
  }

  /** Accounts for a socket that closed, however it closed, exactly once. */
  async #socketGone(ws: WebSocket): Promise<void> {
    const attachment = readAttachment(ws);
    if (!attachment || attachment.gone) return;
    updateAttachment(ws, { gone: true });
    this.#metrics.add("sockets.closed");
    if (isEphemeralDevice(attachment.deviceId)) {
      const sql = this.#session.sql;
      this.ctx.storage.transactionSync(() => {
        forgetDevice(sql, attachment.deviceId);
        pruneEvents(sql);
      });
    }
    const remaining = liveSockets(this.ctx).filter((s) => s.ws !== ws).length;
    await Promise.all([
      recordOnline(getRedis(this.env), attachment.uid, remaining).catch(logError("online counter")),
      publishPresence(this.#session),
    ]);
  }

  // ---- RPC: other users' objects and the friends module --------------------------------------

  /**
   * Events this user's own request caused (friend changes, from the Worker): this user's are
   * applied now, everyone else's queued in the outbox and retried until their object has them,
   * all in one transaction. A retry of the same call is harmless: events are idempotent by key.
   */
  async relayEvents(notices: { uid: number; key: string; body: EventBody }[]): Promise<void> {
    await this.#commit(() => {
      for (const n of notices) this.#emit(n.uid, n.key, n.body);
    });
  }

  /** Owner side of a send from the peer: assigns the sequence and stores durably, or says why not. */
  async acceptMessage(input: NewMessage): Promise<StoreVerdict> {
    const s = this.#session;
    if (input.to !== s.uid || !isFriend(s.sql, input.from)) return { ok: false, code: "NOT_FRIENDS" };
    return this.#commit(() => storeAsOwner(s, input));
  }

  /** A batch from another object's outbox: applied in order, in one transaction, pushed as one frame. */
  async applyCalls(calls: QueuedCall[]): Promise<void> {
    const s = this.#session;
    await this.#commit(() => {
      for (const call of calls) {
        if (call.method === "notify") this.#emit(s.uid, ...call.args);
        else applyReceiptAsOwner(s, ...call.args);
      }
    });
  }

  async recallAsOwner(messageId: string, by: number): Promise<RecallVerdict> {
    return this.#commit(() => recallAsOwner(this.#session, messageId, by));
  }

  /** Closes the sockets opened by these sessions (or all) with 4001: their token no longer works. */
  async endSessions(sessionIds: string[] | "all"): Promise<number> {
    const ended = liveSockets(this.ctx).filter((s) => sessionIds === "all" || sessionIds.includes(s.attachment.sessionId));
    for (const { ws } of ended) closeSocket(ws, CLOSE.AUTH_ENDED, "signed out; log in again");
    await Promise.all(ended.map(({ ws }) => this.#socketGone(ws)));
    return ended.length;
  }

  /** A friend's visible presence changed: live only, never queued. */
  async presenceChanged(uid: number, presence: Presence): Promise<void> {
    if (setFriendPresence(this.#session.sql, uid, presence)) broadcast(this.ctx, { type: "presence_changed", uid, presence });
  }

  /**
   * A history page of a conversation this object owns, from its own log, while MySQL is still
   * behind (writes queued); null when MySQL has everything and should answer.
   */
  async pendingHistory(conversation: string, before: number | undefined, limit: number): Promise<HistoryMessage[] | null> {
    const sql = this.#session.sql;
    if (!hasMysqlBacklog(sql)) return null;
    const page = logPage(sql, conversation, before, limit);
    // A short page may have reached rows pruned from the log (retention.ts): MySQL has those.
    return page.length < limit && logPrunedUpTo(sql, conversation) > 0 ? null : page;
  }

  /** Whether this user has `peer` as a friend or a conversation with them: reads naming a peer ask this first. */
  async knowsPeer(peer: number): Promise<boolean> {
    const sql = this.#session.sql;
    return isFriend(sql, peer) || hasConversationWith(sql, peer);
  }

  /** Unread incoming messages per conversation, exact (history in MySQL may lag). */
  async unreadCounts(): Promise<{ peerId: number; count: number; lastSeq: number }[]> {
    return unreadCounts(this.#session.sql);
  }

  /**
   * Counters that make this object's load visible: queue depths, frames received, and the tallies
   * since it was loaded (`frames.send`, `errors.frame.NOT_FRIENDS`, `messages.sent`, ...).
   */
  async stats(): Promise<Record<string, number>> {
    const sql = this.#session.sql;
    const tallies = this.#metrics.snapshot();
    return {
      sockets: liveSockets(this.ctx).length,
      outbox: outboxDepth(sql),
      mysqlBacklog: mysqlBacklog(sql),
      mysqlClashes: mysqlClashes(sql),
      unackedEvents: countEventsAfter(sql, userAcked(sql)),
      framesIn: Object.entries(tallies).reduce((n, [name, count]) => (name.startsWith("frames.") ? n + count : n), 0),
      ...tallies,
    };
  }

  // ---- internals ----------------------------------------------------------------------------

  #emit(target: number, key: string, body: EventBody): void {
    const s = this.#session;
    // Counted once per message: by its owner when it emits it to the recipient, and by the recipient when it appends it.
    if (body.type === "message" && target === body.message.to && s.uid === conversationOwner(body.message.from, body.message.to))
      this.#metrics.add("messages.sent");
    if (target !== s.uid) return enqueueCall(s.sql, target, "notify", [key, body]);
    const event = applyEvent(s.sql, s.uid, key, body);
    if (event?.type === "message" && event.message.to === s.uid) this.#metrics.add("messages.delivered");
    if (event) this.#toPush.push(event);
  }

  async #commit<T>(change: () => T): Promise<T> {
    const s = this.#session;
    this.#toPush = [];
    const result = this.ctx.storage.transactionSync(change);
    const events = this.#toPush;
    this.#toPush = [];
    if (events.length > 0) broadcast(this.ctx, { type: "events", events });
    if (hasMysqlBacklog(s.sql)) await this.#scheduleAlarm(Date.now() + MYSQL_FLUSH_DELAY_MS);
    // Not awaited: the caller (often another object's RPC, or a client waiting for its ack) must
    // not wait on our calls to others, or two objects calling each other would wait forever.
    if (hasOutbox(s.sql)) {
      // Safety net first: if this object is evicted before the drain finishes, the alarm resumes it.
      await this.#scheduleAlarm(Date.now() + OUTBOX_SAFETY_NET_MS);
      this.ctx.waitUntil(this.#drain());
    }
    return result;
  }

  /** Drains the outbox; a request while a drain runs makes that drain go round once more. */
  async #drain(): Promise<void> {
    if (this.#draining) {
      this.#drainAgain = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        const next = await drainOutbox(
          this.#session.sql,
          (target, calls) => this.#session.userStub(target).applyCalls(calls),
          (m) => console.error(m),
        );
        if (next !== undefined) await this.#scheduleAlarm(next);
      } while (this.#drainAgain);
    })().finally(() => (this.#draining = undefined));
    return this.#draining;
  }

  override async alarm(): Promise<void> {
    const s = this.#session;
    // This alarm is spent: whatever is scheduled from now on must be set again.
    this.#alarmAt = null;
    const wakeups: number[] = [];
    if (hasOutbox(s.sql)) await this.#drain();
    if (hasMysqlBacklog(s.sql)) {
      try {
        const { clashes } = await flushMysql(s.sql, getDb(this.env));
        if (clashes > 0) this.#metrics.add("mysql.clashes", clashes);
        setKv(s.sql, "mysql_failures", 0);
      } catch (err) {
        incrementKv(s.sql, "mysql_failures");
        const delay = Math.min(MYSQL_MAX_BACKOFF_MS, 500 * 2 ** Number(getKv(s.sql, "mysql_failures")));
        console.error(
          JSON.stringify({
            level: "warn",
            what: "mysql write-behind",
            backlog: mysqlBacklog(s.sql),
            retryInMs: delay,
            error: safeCause(err),
          }),
        );
        wakeups.push(Date.now() + delay);
      }
    }
    const live = new Set(liveSockets(this.ctx).map((l) => l.attachment.deviceId));
    this.ctx.storage.transactionSync(() => pruneStorage(s.sql, live, readRetention(this.env)));
    const idle = closeIdle(this.ctx, s.settings.idleTimeoutMs);
    await Promise.all(idle.closed.map((ws) => this.#socketGone(ws)));
    if (idle.next !== undefined) {
      wakeups.push(idle.next);
      // Renew what Redis knows (it may have lost it): presence TTL and the online count.
      await Promise.all([
        publishPresence(s, true),
        recordOnline(getRedis(this.env), s.uid, liveSockets(this.ctx).length).catch(logError("online counter")),
      ]);
    }
    if (this.#metricsDueAt > 0) {
      if (Date.now() >= this.#metricsDueAt) await this.#flushMetrics();
      else wakeups.push(this.#metricsDueAt);
    }
    for (const at of wakeups) await this.#scheduleAlarm(at);
  }

  /** Adds this object's tallies to the global counters in Redis, with its queue depths; kept on failure. */
  async #flushMetrics(): Promise<void> {
    const sql = this.#session.sql;
    this.#metricsDueAt = 0;
    const counts = this.#metrics.take();
    const queues = { outbox: outboxDepth(sql), mysqlBacklog: mysqlBacklog(sql), unackedEvents: countEventsAfter(sql, userAcked(sql)) };
    await flushMetrics(getRedis(this.env), this.#session.uid, counts, queues, this.env.METRICS).catch((err: unknown) => {
      this.#metrics.restore(counts);
      logError("metrics flush")(err);
    });
  }

  /**
   * Sets the alarm to `at` unless an earlier one is already set. The alarm is read from storage
   * once per instance and then tracked here: most commits need no storage round trip for it.
   */
  async #scheduleAlarm(at: number): Promise<void> {
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (this.#alarmAt !== null && this.#alarmAt <= at) return;
    this.#alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }
}

const logError = (what: string) => (err: unknown) => console.error(JSON.stringify({ level: "error", what, error: String(err) }));
