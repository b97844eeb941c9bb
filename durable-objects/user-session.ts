// One Durable Object per user (named by uid): holds all of that user's WebSockets with the
// Hibernation API, owns the user's event stream and offline queue, and talks to other users'
// objects through RPC. The Worker authenticates the upgrade; nothing reaches here unauthenticated.
import { DurableObject } from "cloudflare:workers";
import type { EventBody, Presence } from "../protocol/events";
import type { HistoryMessage } from "../protocol/history";
import { CLOSE, HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, PROTOCOL_NAME } from "../protocol/frames";
import { createCounters, flushMetrics, metricsFlushMs, type Counters } from "../workers/lib/metrics";
import { getRedis } from "../workers/lib/redis";
import { groupRoom } from "../workers/lib/group-room";
import { userSession } from "../workers/lib/user-session";
import { AlarmSchedule } from "./user-session/alarm";
import { readAttachment, updateAttachment, type SocketAttachment } from "./user-session/attachment";
import { callQueueDepth, type QueuedCall } from "./user-session/call-queue";
import { Commits } from "./user-session/commit";
import { closeIdle, closeSocket, broadcast, liveSockets, makeRoomFor, sendFrame } from "./user-session/connections";
import {
  fileInLog,
  logPage,
  type EditVerdict,
  type NewMessage,
  type RecallVerdict,
  type StoreVerdict,
} from "./user-session/conversation-log";
import { hasConversationWith, unreadCounts } from "./user-session/conversation-state";
import { CostMeter } from "./user-session/cost";
import { eraseObject, type EraseVerdict } from "./user-session/erase";
import { countEventsAfter, ephemeralDeviceId, forgetDevice, isEphemeralDevice, pruneEvents, userAcked } from "./user-session/event-stream";
import { myGroups, type MyGroup } from "./user-session/group-membership";
import { muteGroup } from "./user-session/group-mute";
import { applyOwnChange, isFriend, setFriendPresence, type OwnCacheChange } from "./user-session/friend-cache";
import { handleFrame } from "./user-session/handle-frame";
import { buildHello, forgetHydration } from "./user-session/hello";
import { readChatSettings, type ObjectServices, type PeerObject } from "./user-session/object-services";
import { applyReceiptAsOwner, editAsOwner, recallAsOwner, storeAsOwner } from "./user-session/owner";
import { publishPresence } from "./user-session/presence";
import { pushTyping } from "./user-session/typing";
import { hiddenFilter, type HiddenFilter } from "./user-session/hidden";
import { hiddenEverywhere } from "./user-session/hidden-all";
import { replay, resumeDevice } from "./user-session/replay";
import { capQueue, logPrunedUpTo, pruneStorage, readRetention } from "./user-session/retention";
import { getKv, migrate, setKv } from "./user-session/storage";
import { hasMysqlBacklog, mysqlBacklog, mysqlClashes, runWriteBehind } from "./user-session/write-behind";

/** Headers the Worker sets after authenticating; clients cannot reach the DO directly. */
export const DO_HEADERS = { uid: "x-qchat-uid", session: "x-qchat-session", device: "x-qchat-device" } as const;

export class UserSession extends DurableObject<Env> implements PeerObject {
  readonly #s: ObjectServices;
  /** This object's SQLite, counting what it writes (cost.ts). */
  readonly #sql: SqlStorage;
  readonly #cost = new CostMeter();
  readonly #alarms: AlarmSchedule;
  readonly #commits: Commits;
  #knownUid: number | undefined;
  /** In-memory tallies (frames, errors, messages, sockets), flushed by the alarm's metrics task. */
  readonly #metrics: Counters = createCounters(() =>
    this.ctx.waitUntil(this.#alarms.schedule("metrics", Date.now() + metricsFlushMs(this.env))),
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage);
    // Heartbeats are answered by the runtime and never wake the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE));
    this.#alarms = new AlarmSchedule(ctx.storage, this.#cost);
    const self = this;
    const cost = this.#cost;
    this.#sql = cost.countingSql(ctx.storage.sql);
    this.#s = {
      get uid() {
        return self.#uid();
      },
      ctx,
      sql: this.#sql,
      env,
      settings: readChatSettings(env),
      metrics: this.#metrics,
      cost,
      userStub(uid) {
        cost.rpc();
        return userSession(env, uid);
      },
      groupStub(groupId) {
        cost.rpc();
        return groupRoom(env, groupId);
      },
      // Every transaction also deletes the queued calls their targets took (commit.ts).
      transaction: (change) => this.#commits.inTransaction(change),
      emit: (target, key, body) => this.#commits.emit(target, key, body),
      commit: (change) => this.#commits.commit(change),
      deferAck: (deviceId, upTo) => this.#commits.deferAck(deviceId, upTo),
      deferredAck: (deviceId) => this.#commits.deferredAck(deviceId),
    };
    this.#commits = new Commits(this.#s, this.#alarms);
  }

  /**
   * This object's user. `ctx.id.name` is absent when the object is woken by an alarm (seen in
   * local workerd after a restart), so the uid is also kept in storage the first time it is known.
   */
  #uid(fromHeader?: string | null): number {
    if (this.#knownUid !== undefined) return this.#knownUid;
    const sql = this.#sql;
    const known = this.ctx.id.name ?? getKv(sql, "uid") ?? fromHeader ?? undefined;
    if (known === undefined) throw new Error("UserSession: uid unknown (object not addressed by name)");
    if (getKv(sql, "uid") === undefined) setKv(sql, "uid", known);
    this.#knownUid = Number(known);
    return this.#knownUid;
  }

  // ---- sockets ------------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const s = this.#s;
    this.#uid(request.headers.get(DO_HEADERS.uid));
    // No `?device=`: an id no client can name again, forgotten when this socket closes.
    const deviceId = request.headers.get(DO_HEADERS.device) ?? ephemeralDeviceId();
    const displaced = makeRoomFor(this.ctx, deviceId, s.settings.maxDevices, s.cost);
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
    s.metrics.add("sockets.opened");
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
    const s = this.#s;
    const { cursor, resync } = s.transaction(() => {
      capQueue(s.sql, readRetention(this.env));
      return resumeDevice(s.sql, deviceId);
    });
    const hello = await buildHello(s, deviceId, cursor);
    sendFrame(ws, resync ? { ...hello, resync } : hello, s.cost);
    // No await between the last page read and `ready`: nothing can be appended in between.
    replay(s, ws, cursor, cursor);
    await Promise.all([publishPresence(s), this.#alarms.schedule("idleCheck", Date.now() + s.settings.idleTimeoutMs)]);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const attachment = readAttachment(ws);
    if (!attachment) return ws.close(1011, "unknown socket; reconnect");
    await handleFrame(this.#s, ws, attachment, message);
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
    const s = this.#s;
    const attachment = readAttachment(ws);
    if (!attachment || attachment.gone) return;
    updateAttachment(ws, { gone: true });
    s.metrics.add("sockets.closed");
    if (isEphemeralDevice(attachment.deviceId)) {
      s.transaction(() => {
        forgetDevice(s.sql, attachment.deviceId);
        pruneEvents(s.sql);
      });
    }
    // The online counter and presence, in one Redis round trip, only if this was the last socket.
    await publishPresence(s);
  }

  // ---- RPC: other users' objects and the friends module --------------------------------------

  /**
   * Events this user's own request caused (friend changes, from the Worker): this user's are
   * applied now, everyone else's queued in the call queue and retried until their object has
   * them, all in one transaction, with the changes to this user's own caches that no event
   * carries. A retry of the same call is harmless: events are idempotent by key, changes absolute.
   */
  async relayEvents(notices: { uid: number; key: string; body: EventBody }[], own: OwnCacheChange[] = []): Promise<void> {
    const s = this.#s;
    await s.commit(() => {
      for (const change of own) applyOwnChange(s.sql, s.uid, change);
      for (const n of notices) s.emit(n.uid, n.key, n.body);
    });
  }

  /** The next hello reloads profile, friends and requests from MySQL (a change may have missed this cache). */
  async forgetHydration(): Promise<void> {
    forgetHydration(this.#s.sql);
  }

  /** Owner side of a send from the peer: assigns the sequence and stores durably, or says why not. */
  async acceptMessage(input: NewMessage): Promise<StoreVerdict> {
    const s = this.#s;
    if (input.to !== s.uid || !isFriend(s.sql, input.from)) return { ok: false, code: "NOT_FRIENDS" };
    return s.commit(() => storeAsOwner(s, input));
  }

  /** A batch from another object's call queue: applied in order, in one transaction, pushed as one frame. */
  async applyCalls(calls: QueuedCall[]): Promise<void> {
    const s = this.#s;
    await s.commit(() => {
      for (const call of calls) {
        if (call.method === "notify") s.emit(s.uid, ...call.args);
        else applyReceiptAsOwner(s, ...call.args);
      }
    });
  }

  async recallAsOwner(messageId: string, by: number): Promise<RecallVerdict> {
    const s = this.#s;
    return s.commit(() => recallAsOwner(s, messageId, by));
  }

  /** Closes the sockets opened by these sessions (or all) with 4001: their token no longer works. */
  async editAsOwner(messageId: string, by: number, body: string): Promise<EditVerdict> {
    return this.#s.commit(() => editAsOwner(this.#s, messageId, by, body));
  }

  async endSessions(sessionIds: string[] | "all"): Promise<number> {
    const ended = liveSockets(this.ctx).filter((l) => sessionIds === "all" || sessionIds.includes(l.attachment.sessionId));
    for (const { ws } of ended) closeSocket(ws, CLOSE.AUTH_ENDED, "signed out; log in again", this.#cost);
    await Promise.all(ended.map(({ ws }) => this.#socketGone(ws)));
    return ended.length;
  }

  /** The account was deleted: sockets closed with 4010, pending work handed on, storage and alarm deleted (erase.ts). */
  async eraseAccount(): Promise<EraseVerdict> {
    return eraseObject(
      this.#s,
      () => this.#commits.drainCalls(false),
      (ws) => this.#socketGone(ws),
    );
  }

  /** A friend's visible presence changed: live only, never queued. */
  async presenceChanged(uid: number, presence: Presence): Promise<void> {
    if (setFriendPresence(this.#s.sql, uid, presence)) broadcast(this.ctx, { type: "presence_changed", uid, presence }, this.#cost);
  }

  /** What history leaves out of `conversation` (a 1:1 key or a group id) for this user ("delete for me"). */
  async hiddenIn(conversation: string): Promise<HiddenFilter> {
    return hiddenFilter(this.#s.sql, conversation);
  }

  /** What this user hid in every conversation, by conversation key: message search spans them all. */
  async hiddenEverywhere(): Promise<Record<string, HiddenFilter>> {
    return hiddenEverywhere(this.#s.sql);
  }

  /** Pushed to live sockets only; a 1:1 notice from someone not (or no longer) a friend is dropped. */
  async typingFrom(from: number, groupId?: string): Promise<void> {
    if (groupId === undefined && !isFriend(this.#s.sql, from)) return;
    pushTyping(this.ctx, this.#cost, groupId === undefined ? { from, to: this.#s.uid } : { from, groupId });
  }

  /**
   * A history page of a conversation this object owns, from its own log, while MySQL is still
   * behind (writes queued); null when MySQL has everything and should answer.
   */
  async pendingHistory(conversation: string, before: number | undefined, limit: number): Promise<HistoryMessage[] | null> {
    const sql = this.#s.sql;
    if (!hasMysqlBacklog(sql)) return null;
    const page = logPage(sql, conversation, before, limit);
    // A short page may have reached rows pruned from the log (retention.ts): MySQL has those.
    return page.length < limit && logPrunedUpTo(sql, conversation) > 0 ? null : page;
  }

  /** Whether `caller` sent or received a message with `fileId`, not recalled, in a conversation this object owns. */
  async fileAccess(caller: number, fileId: string): Promise<boolean> {
    return fileInLog(this.#s.sql, caller, fileId);
  }

  /** Whether this user has `peer` as a friend or a conversation with them: reads naming a peer ask this first. */
  async knowsPeer(peer: number): Promise<boolean> {
    const sql = this.#s.sql;
    return isFriend(sql, peer) || hasConversationWith(sql, peer);
  }

  /** The groups this user is in, as their events left them: snapshot, role, counts, mute, last message. */
  async groupList(): Promise<MyGroup[]> {
    return myGroups(this.#s.sql);
  }

  /** The conversation list's counts in one call: unread per 1:1 conversation, and every group. */
  async conversationCounts(): Promise<{ unread: { peerId: number; count: number; lastSeq: number }[]; groups: MyGroup[] }> {
    const sql = this.#s.sql;
    return { unread: unreadCounts(sql), groups: myGroups(sql) };
  }

  /**
   * Mutes or unmutes a group for this user (a `group_muted` event to each of their devices);
   * false when they are not in it. Muted: unread stops growing, mentions still count.
   */
  async setGroupMuted(groupId: string, muted: boolean): Promise<boolean> {
    return muteGroup(this.#s, groupId, muted);
  }

  /** Unread incoming messages per conversation, exact (history in MySQL may lag). */
  async unreadCounts(): Promise<{ peerId: number; count: number; lastSeq: number }[]> {
    return unreadCounts(this.#s.sql);
  }

  /**
   * Counters that make this object's load visible: queue depths, frames received, and the tallies
   * since it was loaded (`frames.send`, `errors.frame.NOT_FRIENDS`, `messages.sent`, `cost.*`, ...).
   */
  async stats(): Promise<Record<string, number>> {
    const sql = this.#s.sql;
    this.#cost.settle();
    const tallies = this.#metrics.snapshot();
    return {
      sockets: liveSockets(this.ctx).length,
      outbox: callQueueDepth(sql),
      mysqlBacklog: mysqlBacklog(sql),
      mysqlClashes: mysqlClashes(sql),
      unackedEvents: countEventsAfter(sql, userAcked(sql)),
      framesIn: Object.entries(tallies).reduce((n, [name, count]) => (name.startsWith("frames.") ? n + count : n), 0),
      ...tallies,
      ...this.#cost.tallies.snapshot(),
    };
  }

  // ---- the alarm: named tasks, each run only when due (alarm.ts) -----------------------------

  override async alarm(info?: AlarmInvocationInfo): Promise<void> {
    const s = this.#s;
    await this.#alarms.wake(
      {
        callQueue: async () => void (await this.#commits.drainCalls()),
        writeBehind: () => runWriteBehind(s),
        idleCheck: () => this.#idleCheck(),
        retention: async () => {
          const live = new Set(liveSockets(this.ctx).map((l) => l.attachment.deviceId));
          s.transaction(() => pruneStorage(s.sql, live, readRetention(this.env)));
          return undefined;
        },
        metrics: async () => void (await this.#flushMetrics()),
      },
      info,
    );
  }

  /**
   * Closes sockets silent past the idle timeout and renews what Redis knows of the rest (it may
   * have lost it). A wake that rang late extends the timeout by its lateness: frames and heartbeats
   * may be waiting behind the same backlog.
   */
  async #idleCheck(): Promise<number | undefined> {
    const s = this.#s;
    const idle = closeIdle(this.ctx, s.settings.idleTimeoutMs + this.#alarms.lateMs, s.cost);
    await Promise.all(idle.closed.map((ws) => this.#socketGone(ws)));
    if (idle.next === undefined) return undefined;
    await publishPresence(s, true);
    return idle.next;
  }

  /**
   * Adds this object's tallies (with its costs, which never schedule a flush of their own) to the
   * global counters in Redis, with its queue depths; kept on failure.
   */
  async #flushMetrics(): Promise<void> {
    const sql = this.#s.sql;
    const counts = this.#metrics.take();
    if (Object.keys(counts).length === 0) return;
    this.#cost.settle();
    const costs = this.#cost.tallies.take();
    const queues = { outbox: callQueueDepth(sql), mysqlBacklog: mysqlBacklog(sql), unackedEvents: countEventsAfter(sql, userAcked(sql)) };
    await flushMetrics(getRedis(this.env), this.#s.uid, { ...counts, ...costs }, queues, this.env.METRICS).catch((err: unknown) => {
      this.#metrics.restore(counts);
      this.#cost.tallies.restore(costs);
      logError("metrics flush")(err);
    });
  }
}

const logError = (what: string) => (err: unknown) => console.error(JSON.stringify({ level: "error", what, error: String(err) }));
