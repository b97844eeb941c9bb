// The signed-in page's controller: owns the chat state, the live socket and the HTTP client, and
// offers the actions the views call. Views render state and call these; they never fetch.
import { CLIENT_ERROR, QChatError, type HttpClient, type StoredFile } from "../../client";
import type { FriendRequest, PublicUser, SettablePresence } from "../../protocol/events";
import type { HelloFrame } from "../../protocol/frames";
import { ACCOUNT_DELETED_NOTICE, createAccountApp } from "./account-app";
import { createBlocksApp } from "./blocks-app";
import { describeError } from "./dom";
import { createMessageChanges } from "./message-changes";
import { createMessageSearchApp } from "./message-search-app";
import { createTyping } from "./typing";
import { createFilesApp } from "./files-app";
import { createGroupsApp } from "./groups-app";
import { isGroupEvent, startLive, type ShownEvent } from "./live";
import { createTokens } from "./tokens";
import { clearSession, deviceId, type Session } from "./session";
import {
  addHistory,
  addPending,
  applyEvent,
  applyHello,
  conversation,
  createState,
  lastPeerSeq,
  unacked,
  upsertMessage,
  type ChatState,
  type Msg,
} from "./state";
import { toast } from "./toast";

/** History page size: a screenful or two. */
export const HISTORY_PAGE = 30;
const SESSION_ENDED = "Your session has ended. Please log in again.";

export type ChatApp = ReturnType<typeof createChatApp>;

export function createChatApp(session: Session, http: HttpClient, onExit: (notice: string) => void) {
  const state: ChatState = createState({ id: session.user.id, username: session.user.username });
  const listeners: Array<() => void> = [];
  const loading = new Set<number>();
  /** Keys of messages the client's outbox holds right now. */
  const inFlight = new Set<string>();
  /** Highest seq a `read` went out for, per peer (cleared on reconnect: the server may have missed it). */
  const readSent = new Map<number, number>();
  /** Undone when the page leaves the chat screen (logout, session ended). */
  const disposers: Array<() => void> = [];
  let scheduled = false;
  /** Set while my account is being deleted: the socket's end then says so, not "session ended". */
  let deletingAccount = false;

  /** Re-renders once per turn, however many changes it had. */
  function changed(): void {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      for (const listener of listeners) listener();
    });
  }

  const tokens = createTokens(http, session);
  /** An API call with a fresh token; a 401 that survives a refresh ends the session. */
  async function api<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await tokens.call(run);
    } catch (err) {
      if (err instanceof QChatError && err.status === 401) end(SESSION_ENDED);
      throw err;
    }
  }

  /** Leaves the chat screen for good: socket, timers and listeners go, the session is forgotten. */
  function end(notice: string): void {
    if (disposers.length === 0) return; // already left
    if (deletingAccount) notice = ACCOUNT_DELETED_NOTICE;
    for (const dispose of disposers.splice(0).reverse()) dispose();
    listeners.length = 0;
    clearSession();
    onExit(notice);
  }

  const connected = () => live.client.state.status === "open";
  /** The message as the state holds it now (views may hold an older copy of the same key). */
  const latest = (msg: Msg) => conversation(state, msg.from === state.me.id ? msg.to : msg.from).messages.get(msg.key);

  function markRead(peerId: number | undefined): void {
    if (peerId === undefined || peerId !== state.openPeer || !connected() || document.visibilityState !== "visible") return;
    const conv = conversation(state, peerId);
    const upTo = lastPeerSeq(conv);
    conv.unread = 0;
    if (upTo > 0 && upTo > (readSent.get(peerId) ?? 0)) {
      readSent.set(peerId, upTo);
      live.client.read(peerId, upTo).catch(() => readSent.delete(peerId));
    }
    changed();
  }

  /**
   * Hands a message to the client's outbox, which keeps re-sending it (same clientMsgId, so never
   * stored twice) across reconnects until the server acks it.
   */
  async function transmit(msg: Msg): Promise<void> {
    if (msg.body === null || inFlight.has(msg.key)) return;
    inFlight.add(msg.key);
    try {
      const sent = await live.client.send(msg.to, msg.body, { clientMsgId: msg.clientMsgId, fileId: msg.file?.id });
      upsertMessage(state, { ...msg, body: msg.body, messageId: sent.messageId, seq: sent.seq, sentAt: sent.sentAt });
    } catch (err) {
      // Stopped (we went offline): it stays "sending" and goes out again after the next hello.
      if (err instanceof QChatError && err.code === CLIENT_ERROR.STOPPED) return;
      const current = conversation(state, msg.to).messages.get(msg.key);
      if (current) current.error = describeError(err);
    } finally {
      inFlight.delete(msg.key);
      changed();
    }
  }

  function onHello(hello: HelloFrame): void {
    applyHello(state, hello);
    readSent.clear();
    for (const msg of unacked(state)) void transmit(msg);
    markRead(state.openPeer);
    groups.onHello();
    changed();
  }

  function onEvent(event: ShownEvent): void {
    if (event.type === "groups") return changed(); // the SDK's group list or a count changed
    if (event.type === "typing") return typing.noticed(event);
    // Their message arrived: they are no longer typing it.
    if (event.type === "message") typing.stop(`p:${event.message.from}`, event.message.from);
    if (event.type === "group_message") typing.stop(`g:${event.message.groupId}`, event.message.from);
    const notice = isGroupEvent(event) ? groups.onEvent(event) : applyEvent(state, event);
    // No longer a friend (unfriended or blocked): a name from before the friendship may be stale.
    // A deleted account is named by the event itself (state.ts).
    if (event.type === "friend_removed" && !event.accountDeleted) groups.relearnNames([event.friendId]);
    if (notice) toast(notice, event.type === "error" ? "error" : "info");
    if (event.type === "message" && event.message.from === state.openPeer) markRead(state.openPeer);
    changed();
  }

  const live = startLive({
    url: session.chatUrl,
    token: () => tokens.fresh(),
    deviceId: deviceId(),
    verifyToken: () =>
      api(() => http.me()).then(
        () => true,
        (err: unknown) => !(err instanceof QChatError && err.status === 401),
      ),
    onHello,
    onEvent,
    onState: (connection, detail) => {
      state.connection = connection;
      state.connectionDetail = detail;
      changed();
    },
    // On another of my devices too, a deleted account says so rather than "session ended".
    onSessionEnded: (accountDeleted) => end(accountDeleted ? ACCOUNT_DELETED_NOTICE : SESSION_ENDED),
  });
  const groups = createGroupsApp({ state, http, client: () => live.client, api, changed, connected });
  const files = createFilesApp({
    state,
    http,
    api,
    changed,
    send: (target, file) => ("peer" in target ? sendMessage(target.peer, "", file) : groups.send(target.group, "", file)),
  });
  const typing = createTyping({ send: (target) => live.client.typing(target), changed });
  const changes = createMessageChanges({ state, client: () => live.client, changed });
  const blocks = createBlocksApp({ state, http, api, changed });
  const account = createAccountApp({
    http,
    api,
    call: (run) => tokens.call(run),
    end,
    deleting: (on) => void (deletingAccount = on),
    username: session.user.username,
  });
  const search = createMessageSearchApp({
    state,
    http,
    api,
    openPeer: (peerId) => open(peerId),
    openGroup: (groupId) => groups.open(groupId),
    learnNames: (uids) => groups.learnNames(uids),
    changed,
  });
  const onVisible = () => (markRead(state.openPeer), groups.markRead(state.openGroup));
  document.addEventListener("visibilitychange", onVisible);
  disposers.push(
    () => live.stop(),
    () => document.removeEventListener("visibilitychange", onVisible),
    () => typing.dispose(),
  );

  /** Shows my message at once and hands it to the outbox; `file`: an uploaded attachment. */
  function sendMessage(peerId: number, body: string, file?: StoredFile): void {
    void transmit(addPending(state, peerId, body, file));
    changed();
  }

  async function loadOlder(peerId: number): Promise<void> {
    const conv = conversation(state, peerId);
    if (conv.nextBefore === null || loading.has(peerId)) return;
    loading.add(peerId);
    try {
      const page = await api(() => http.history(peerId, { before: conv.nextBefore ?? undefined, limit: HISTORY_PAGE }));
      addHistory(state, peerId, page.messages, page.nextBefore);
    } catch (err) {
      toast(`Could not load history: ${describeError(err)}`, "error");
    } finally {
      loading.delete(peerId);
      changed();
    }
  }

  async function open(peerId: number | undefined): Promise<void> {
    state.openPeer = peerId;
    if (peerId !== undefined) state.openGroup = undefined;
    changed();
    if (peerId === undefined) return;
    if (conversation(state, peerId).nextBefore === undefined) await loadOlder(peerId);
    markRead(peerId);
  }

  return {
    state,
    subscribe: (listener: () => void) => void listeners.push(listener),
    /** Registers clean-up for when the chat screen goes away. */
    onDispose: (dispose: () => void) => void disposers.push(dispose),
    isLoading: (peerId: number) => loading.has(peerId),
    loadOlder,

    groups,
    files,
    typing,
    changes,
    blocks,
    account,
    messageSearch: search,
    open,

    send: sendMessage,
    retry(msg: Msg): void {
      const current = latest(msg);
      if (!current) return;
      current.error = undefined;
      changed();
      void transmit(current);
    },
    async recall(msg: Msg): Promise<void> {
      if (!msg.messageId) return;
      try {
        await live.client.recall(msg.messageId);
        const current = latest(msg);
        if (current) Object.assign(current, { recalled: true, body: null, file: undefined });
        changed();
      } catch (err) {
        toast(describeError(err), "error");
      }
    },

    async setPresence(presence: SettablePresence): Promise<void> {
      await live.client.setPresence(presence).then(
        () => (state.presence = presence),
        (err: unknown) => toast(describeError(err), "error"),
      );
      changed();
    },

    search: async (q: string): Promise<PublicUser[]> => (await api(() => http.searchUsers(q))).users,
    async sendRequest(user: PublicUser): Promise<void> {
      const reply = await api(() => http.sendFriendRequest(user.id));
      if ("request" in reply) {
        state.outgoing.set(reply.request.id, reply.request);
        toast(`Friend request sent to ${user.username}`);
      } else {
        toast(applyEvent(state, { type: "friend_added", eseq: 0, friend: reply.friend }) ?? `You and ${user.username} are now friends`);
      }
      changed();
    },
    async accept(request: FriendRequest): Promise<void> {
      const friend = await api(() => http.acceptFriendRequest(request.id));
      const notice = applyEvent(state, { type: "friend_added", eseq: 0, friend });
      if (notice) toast(notice);
      changed();
    },
    async reject(request: FriendRequest): Promise<void> {
      await api(() => http.rejectFriendRequest(request.id));
      state.incoming.delete(request.id);
      changed();
    },

    reconnect: () => live.reconnectNow(),
    async logout(): Promise<void> {
      live.stop();
      // Revoke the token server-side; if that fails (offline) it still leaves this tab.
      await tokens.call(() => http.logout()).catch(() => undefined);
      end("You are logged out.");
    },
  };
}
