// The SDK's send queue (not the server's call queue or write-behind queue): every send stays
// here until its `sent` ack arrives, and is sent again, with the same clientMsgId and in the
// original order, on each new connection. The server dedupes by clientMsgId, so a message acked
// on a socket that died before the ack reached us is answered again with the same messageId and
// seq instead of being stored twice. 1:1 and group messages share the queue (and its order).
import type { ChatConnection, GroupSentFrame, SentFrame } from "./chat-types";
import { CLIENT_ERROR, QChatError } from "./errors";

/** Error codes after which the same send may succeed later: wait, then send it again. */
const RETRY_LATER = new Set<string>([CLIENT_ERROR.TIMEOUT, "RATE_LIMITED", "DELIVERY_FAILED", "INTERNAL"]);

/** Sends one queued message on a connection, resolving with its ack. */
type Post = (conn: ChatConnection) => Promise<unknown>;

interface Entry {
  post: Post;
  clientMsgId: string;
  resolve: (ack: unknown) => void;
  reject: (err: QChatError) => void;
  deadline: ReturnType<typeof setTimeout>;
  /** The connection generation it was last sent on; a new connection sends it again. */
  sentOn?: number;
}

export interface OutboxOptions {
  /** Overall limit per send, across reconnects; then it rejects with TIMEOUT. */
  timeoutMs: number;
  /** Wait after DELIVERY_FAILED / INTERNAL / a request timeout before sending again; default 1 s. */
  retryDelayMs?: number;
}

export interface Outbox {
  /** Queues a message and sends it when connected; resolves on its ack. Every re-send carries the same fileId. */
  add(to: number, body: string, opts: { clientMsgId: string; fileId?: string }): Promise<SentFrame>;
  /** The same for a group message, resolved by `group_sent`. */
  addToGroup(groupId: string, body: string, opts: { clientMsgId: string; fileId?: string }): Promise<GroupSentFrame>;
  /** A connection opened (everything unacked goes out, in order) or went away (undefined). */
  attach(conn: ChatConnection | undefined): void;
  /** Rejects every queued send (the client stopped). */
  rejectAll(err: QChatError): void;
  /** Sends not yet acked. */
  readonly size: number;
}

export function createOutbox(opts: OutboxOptions): Outbox {
  const retryDelayMs = opts.retryDelayMs ?? 1_000;
  const entries: Entry[] = [];
  let conn: ChatConnection | undefined;
  let generation = 0;
  let pausedUntil = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function settle(entry: Entry): boolean {
    const index = entries.indexOf(entry);
    if (index < 0) return false; // acked, rejected or timed out already
    entries.splice(index, 1);
    clearTimeout(entry.deadline);
    return true;
  }

  function flush(): void {
    if (!conn || Date.now() < pausedUntil) return;
    for (const entry of entries) if (entry.sentOn !== generation) transmit(entry, conn);
  }

  function retryIn(ms: number): void {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, ms);
  }

  function transmit(entry: Entry, on: ChatConnection): void {
    const sentOn = (entry.sentOn = generation);
    entry.post(on).then(
      // An ack is good whichever socket it came on.
      (sent) => settle(entry) && entry.resolve(sent),
      (err: QChatError) => failed(entry, sentOn, err),
    );
  }

  function failed(entry: Entry, sentOn: number, err: QChatError): void {
    // A closed socket is not a failure of the message: the next connection sends it again.
    if (!entries.includes(entry) || sentOn !== generation || err.code === CLIENT_ERROR.CONNECTION_CLOSED) return;
    if (!RETRY_LATER.has(err.code)) return void (settle(entry) && entry.reject(err));
    entry.sentOn = undefined;
    if (err.code === "RATE_LIMITED") {
      // Hold every send, not just this one, so the ones behind it do not overtake it.
      const waitMs = Math.max(50, (err.retryAfter ?? 1) * 1000);
      pausedUntil = Math.max(pausedUntil, Date.now() + waitMs);
      return retryIn(pausedUntil - Date.now());
    }
    retryIn(err.code === CLIENT_ERROR.TIMEOUT ? 0 : retryDelayMs);
  }

  function enqueue<Ack>(post: (conn: ChatConnection) => Promise<Ack>, clientMsgId: string): Promise<Ack> {
    return new Promise<Ack>((resolve, reject) => {
      const entry: Entry = {
        post,
        clientMsgId,
        // The entry's post returns this Ack: what settles it is what `post` resolved with.
        resolve: (ack) => resolve(ack as Ack),
        reject,
        deadline: setTimeout(() => {
          if (settle(entry))
            reject(new QChatError(CLIENT_ERROR.TIMEOUT, 0, `message ${clientMsgId} not acknowledged within ${opts.timeoutMs} ms`));
        }, opts.timeoutMs),
      };
      // Behind a send that waits for a retry, queue instead of overtaking it.
      const blocked = !conn || Date.now() < pausedUntil || entries.some((e) => e.sentOn !== generation);
      entries.push(entry);
      if (!blocked) transmit(entry, conn!);
    });
  }

  return {
    add: (to, body, send) => enqueue((c) => c.send(to, body, send), send.clientMsgId),
    addToGroup: (groupId, body, send) => enqueue((c) => c.sendToGroup(groupId, body, send), send.clientMsgId),
    attach(next) {
      conn = next;
      generation++;
      // No reset of a RATE_LIMITED pause: the budget is the user's, not the socket's (the retry timer resumes).
      flush();
    },
    rejectAll(err) {
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      for (const entry of [...entries]) if (settle(entry)) entry.reject(err);
    },
    get size() {
      return entries.length;
    },
  };
}
