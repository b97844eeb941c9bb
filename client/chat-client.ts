// createChatClient: the resilient chat client. It keeps one connectChat connection alive at a
// time: reconnects with backoff and full jitter, stops on terminal closes, resumes from the last
// event (deduping by eseq and messageId), re-sends unacked messages from its outbox, and watches
// the socket with heartbeats. Callers see one ChatConnection-like API that outlives sockets, and
// the group list with unread, mention and receipt counts (chat-client-groups.ts).
import { HEARTBEAT_REQUEST, type HelloFrame } from "../protocol/frames";
import { backoffDelay, DEFAULT_BACKOFF } from "./backoff";
import { connectChat } from "./chat";
import type { ChatClient, ChatClientEventMap, ChatClientOptions, ClientState, StopReason } from "./chat-client-types";
import { trackGroups } from "./chat-client-groups";
import { createEventHub } from "./chat-events";
import type { ChatConnection, CloseInfo } from "./chat-types";
import { forwardEvents } from "./event-relay";
import { CLIENT_ERROR, QChatError } from "./errors";
import { startKeepalive } from "./keepalive";
import { createOutbox } from "./outbox";
import { createSeenIds } from "./seen-ids";
import { openPlatformSocket } from "./socket";
import { describeFailure, stopForClose, stopForError, stoppedError } from "./stop-reason";
import { trackSocket, type TrackedSocket } from "./tracked-socket";
import { whenOpen, withConnection } from "./when-open";

/** An events frame holds at most 100 events: enough to catch any that beat `adopt`. */
const EARLY_EVENTS = 100;

export function createChatClient(opts: ChatClientOptions): ChatClient {
  const hub = createEventHub<ChatClientEventMap>(opts.bufferLimit);
  const deviceId = opts.deviceId ?? `sdk-${crypto.randomUUID()}`;
  const backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const heartbeatMs = opts.heartbeatMs ?? 25_000;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const outbox = createOutbox({ timeoutMs: opts.sendTimeoutMs ?? 60_000 });
  const delivered = { eseq: 0, messageIds: createSeenIds() };
  const groups = trackGroups(hub);
  let state: ClientState = { status: "idle" };
  let conn: ChatConnection | undefined;
  let hello: HelloFrame | undefined;
  let attempt = 0;
  /** Bumped by every connect and stop: callbacks of an older run are stale and do nothing. */
  let run = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ends the current connection from our side (dead socket, reconnectNow). */
  let drop: ((reason: string) => void) | undefined;

  function setState(next: ClientState): void {
    state = next;
    hub.emit({ type: "state", state: next });
  }

  async function connect(): Promise<void> {
    const mine = ++run;
    setState({ status: "connecting", attempt });
    const socket = trackSocket(opts.openSocket ?? openPlatformSocket, connectTimeoutMs);
    try {
      const token = typeof opts.token === "function" ? await opts.token() : opts.token;
      const c = await connectChat({
        url: opts.url,
        token,
        deviceId,
        openSocket: socket.open,
        resumeFrom: delivered.eseq,
        requestTimeoutMs,
        helloTimeoutMs: connectTimeoutMs,
        bufferLimit: EARLY_EVENTS, // the client keeps the real log; this only bridges hello -> adopt
      });
      if (mine !== run) return c.close(1000, "client stopped");
      adopt(c, socket, mine);
    } catch (err) {
      if (mine === run) await failed(err, mine);
    }
  }

  function adopt(c: ChatConnection, socket: TrackedSocket, mine: number): void {
    const openedAt = Date.now();
    let over = false;
    forwardEvents(c, hub, delivered, () => mine === run);
    const stopKeepalive = startKeepalive({
      intervalMs: heartbeatMs,
      ping: () => socket.sendRaw(HEARTBEAT_REQUEST),
      lastActivity: socket.lastActivity,
      onDead: () => end({ code: 1006, reason: `no frame for ${2 * heartbeatMs} ms` }, true),
    });
    function end(info: CloseInfo, ourSide: boolean): void {
      if (over) return;
      over = true;
      stopKeepalive();
      if (ourSide) c.close(1000, info.reason);
      if (mine !== run) return;
      conn = undefined;
      drop = undefined;
      outbox.attach(undefined);
      const stop = stopForClose(info.code);
      if (stop) return halt(stop);
      if (Date.now() - openedAt >= backoff.stableMs) attempt = 0;
      retryLater(`socket closed (${info.code}${info.reason ? ` ${info.reason}` : ""})`);
    }
    conn = c;
    hello = c.hello;
    groups.fromHello(c.hello);
    drop = (reason) => end({ code: 1000, reason }, true);
    void c.closed.then((info) => end(info, false));
    setState({ status: "open", hello: c.hello });
    outbox.attach(c);
  }

  async function failed(err: unknown, mine: number): Promise<void> {
    let stop = stopForError(err);
    // Browsers hide a refused upgrade's status: let the app ask the API whether the token works.
    if (!stop && err instanceof QChatError && err.code === CLIENT_ERROR.UPGRADE_FAILED && opts.verifyToken) {
      const valid = await opts.verifyToken().catch(() => true);
      if (!valid) stop = { code: "AUTH_ENDED", message: "the token is no longer valid: log in again", error: err };
    }
    if (mine !== run) return;
    if (stop) halt(stop);
    else retryLater(describeFailure(err));
  }

  function retryLater(cause: string): void {
    const delayMs = backoffDelay(attempt++, backoff);
    setState({ status: "reconnecting", attempt, delayMs, cause });
    retryTimer = setTimeout(() => void connect(), delayMs);
  }

  function halt(reason: StopReason): void {
    run++;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    conn = undefined;
    drop = undefined;
    outbox.attach(undefined);
    outbox.rejectAll(stoppedError(reason));
    setState({ status: "stopped", reason });
  }

  const isRunning = () => state.status === "connecting" || state.status === "open" || state.status === "reconnecting";
  function start(): void {
    if (isRunning()) return;
    attempt = 0;
    void connect();
  }

  return {
    get state() {
      return state;
    },
    get hello() {
      return hello;
    },
    get deviceId() {
      return deviceId;
    },
    get lastEseq() {
      return delivered.eseq;
    },
    get pendingSends() {
      return outbox.size;
    },
    start,
    async stop() {
      if (state.status === "stopped") return;
      const c = conn;
      halt({ code: "STOPPED", message: "stopped by the app" });
      c?.close(1000, "client stopped");
      if (c) await c.closed;
    },
    reconnectNow() {
      if (!isRunning()) return start();
      if (state.status === "connecting") return;
      drop?.("reconnect requested");
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      void connect();
    },
    whenOpen: (timeoutMs = requestTimeoutMs) => whenOpen(hub, () => state, timeoutMs),
    send(to, body, { clientMsgId = crypto.randomUUID(), fileId } = {}) {
      if (state.status === "stopped") return Promise.reject(stoppedError(state.reason));
      return outbox.add(to, body, { clientMsgId, fileId });
    },
    read: (peerId, upToSeq) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.read(peerId, upToSeq),
      ),
    recall: (messageId) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.recall(messageId),
      ),
    sendToGroup(groupId, body, { clientMsgId = crypto.randomUUID(), fileId } = {}) {
      if (state.status === "stopped") return Promise.reject(stoppedError(state.reason));
      return outbox.addToGroup(groupId, body, { clientMsgId, fileId });
    },
    readGroup: (groupId, upToSeq) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.readGroup(groupId, upToSeq),
      ).then(() => void groups.read(groupId, upToSeq)),
    recallInGroup: (groupId, messageId) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.recallInGroup(groupId, messageId),
      ),
    get groups() {
      return groups.list();
    },
    group: (groupId) => groups.get(groupId),
    groupReceipts: (groupId, seq) => groups.receipts(groupId, seq),
    adoptGroups: (list) => groups.adopt(list),
    setPresence: (status) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.setPresence(status),
      ),
    edit: (messageId, body) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.edit(messageId, body),
      ),
    editInGroup: (groupId, messageId, body) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.editInGroup(groupId, messageId, body),
      ),
    hide: (target, messageId) =>
      withConnection(
        hub,
        () => state,
        () => conn,
        requestTimeoutMs,
        (c) => c.hide(target, messageId),
      ),
    // Live only: not worth waiting for a connection; dropped while there is none.
    typing: (target) => (conn && state.status === "open" ? conn.typing(target) : Promise.resolve()),
    ping: (timeoutMs = requestTimeoutMs) =>
      conn ? conn.ping(timeoutMs) : Promise.reject(new QChatError(CLIENT_ERROR.CONNECTION_CLOSED, 0, "not connected")),
    on: hub.on,
    nextEvent: hub.nextEvent,
    events: hub.events,
  };
}
