// How a change becomes durable and visible: one storage transaction, then what it emitted is
// pushed to this user's live devices, and its follow-ups are set going: the write-behind flush
// to MySQL (on the alarm, shortly after) and the calls it queued for other users' objects
// (drained at once, the alarm as the safety net).
import type { EventBody, UserEvent } from "../../protocol/events";
import type { AlarmSchedule } from "./alarm";
import { applyEvent } from "./apply-event";
import { deleteTakenCalls, drainCallQueue, enqueueCall, hasQueuedCalls } from "./call-queue";
import { ackEvents } from "./event-stream";
import { broadcast } from "./connections";
import { conversationOwner } from "./conversation-log";
import type { ObjectServices } from "./object-services";
import { hasMysqlBacklog } from "./write-behind";

/** Write-behind waits this long to batch MySQL writes. */
export const WRITE_BEHIND_DELAY_MS = 100;
/** How long an ack that triggers nothing may stay in memory before a transaction of its own writes it. */
const DEFERRED_ACK_MS = 500;
/**
 * Receipts wait this long before their calls go out, so the read that usually follows a delivered
 * receipt (a client with the chat open acks and reads together) travels in the same call, applied
 * in one transaction: one round trip instead of two. Messages and other events go at once.
 */
const RECEIPT_BATCH_MS = 50;
/** When queued calls are retried if the immediate drain did not finish (e.g. the object was evicted). */
const CALL_QUEUE_SAFETY_NET_MS = 2_000;

export class Commits {
  /** Events appended during the current transaction, pushed to live sockets after it. */
  #toPush: UserEvent[] = [];
  /** The running drain, if any: one at a time keeps per-target order and avoids double calls. */
  #draining: Promise<void> | undefined;
  #drainAgain = false;
  /**
   * Queued calls their targets took, deleted by this object's next transaction (any: see
   * inTransaction). Lost if the object is evicted first: those calls go out again, and the
   * receiving side is idempotent (call-queue.ts).
   */
  readonly #taken = new Set<number>();
  /** Device cursors acked but not written yet (deferAck), by device. */
  readonly #deferredAcks = new Map<string, number>();
  /** Whether the current transaction queued a call that must go at once (not only receipts). */
  #urgentCall = false;
  #receiptTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly s: ObjectServices,
    private readonly alarms: AlarmSchedule,
  ) {}

  /**
   * A durable event for `target`: appended to this user's stream when target is this user (and
   * pushed after the transaction), otherwise queued for the target's object.
   */
  emit(target: number, key: string, body: EventBody): void {
    const { s } = this;
    // Counted once per message: by its owner when it emits it to the recipient, and by the recipient when it appends it.
    if (body.type === "message" && target === body.message.to && s.uid === conversationOwner(body.message.from, body.message.to))
      s.metrics.add("messages.sent");
    if (target !== s.uid) {
      if (body.type !== "receipt") this.#urgentCall = true;
      return enqueueCall(s.sql, target, "notify", [key, body]);
    }
    const event = applyEvent(s.sql, s.uid, key, body);
    if (event?.type === "message" && event.message.to === s.uid) s.metrics.add("messages.delivered");
    if (event) this.#toPush.push(event);
  }

  /**
   * Keeps a device's ack in memory until this object's next transaction, which writes it; the
   * retention run (alarm.ts) is that transaction if no other comes within DEFERRED_ACK_MS. Only for
   * acks that trigger nothing (handle-frame.ts): the cursor only moves forward, and an ack lost
   * with the object means events sent again, which the device drops by eseq.
   */
  async deferAck(deviceId: string, upTo: number): Promise<void> {
    this.#deferredAcks.set(deviceId, Math.max(upTo, this.#deferredAcks.get(deviceId) ?? 0));
    await this.alarms.schedule("retention", Date.now() + DEFERRED_ACK_MS);
  }

  /** The device's deferred ack, -1 if none. */
  deferredAck(deviceId: string): number {
    return this.#deferredAcks.get(deviceId) ?? -1;
  }

  /** A storage transaction that also writes deferred acks and deletes the calls taken since the last one. */
  inTransaction<T>(change: () => T): T {
    const { s } = this;
    const taken = [...this.#taken];
    const acks = [...this.#deferredAcks];
    const result = s.cost.transaction(s.ctx.storage, () => {
      deleteTakenCalls(s.sql, taken);
      for (const [deviceId, upTo] of acks) ackEvents(s.sql, deviceId, upTo);
      return change();
    });
    for (const [deviceId, upTo] of acks) if (this.#deferredAcks.get(deviceId) === upTo) this.#deferredAcks.delete(deviceId);
    for (const id of taken) this.#taken.delete(id);
    // The deletes were all the safety net waited for: no wake for it (unless a drain runs, which decides).
    if (taken.length > 0 && !this.#draining && !hasQueuedCalls(s.sql, this.#taken)) this.alarms.unschedule("callQueue");
    return result;
  }

  async commit<T>(change: () => T): Promise<T> {
    const { s } = this;
    this.#toPush = [];
    this.#urgentCall = false;
    const result = s.transaction(change);
    const urgent = this.#urgentCall;
    const events = this.#toPush;
    this.#toPush = [];
    if (events.length > 0) broadcast(s.ctx, { type: "events", events }, s.cost);
    const now = Date.now();
    if (hasMysqlBacklog(s.sql)) await this.alarms.schedule("writeBehind", now + WRITE_BEHIND_DELAY_MS);
    // Not awaited: the caller (often another object's RPC, or a client waiting for its ack) must
    // not wait on our calls to others, or two objects calling each other would wait forever.
    if (hasQueuedCalls(s.sql, this.#taken)) {
      // Safety net first: if this object is evicted before the drain finishes, the alarm resumes it.
      await this.alarms.schedule("callQueue", now + CALL_QUEUE_SAFETY_NET_MS);
      if (urgent) s.ctx.waitUntil(this.drainCalls(false));
      else this.#drainReceiptsSoon();
    }
    // Retention (retention.ts) rides along with the next wake after a change; it sets no alarm of its own.
    await this.alarms.schedule("retention", now, { wakes: false });
    return result;
  }

  /** Drains in RECEIPT_BATCH_MS unless a drain is already due by then (an urgent one takes the receipts along). */
  #drainReceiptsSoon(): void {
    if (this.#receiptTimer !== undefined) return;
    this.s.ctx.waitUntil(
      new Promise<void>((resolve) => {
        this.#receiptTimer = setTimeout(() => {
          this.#receiptTimer = undefined;
          this.drainCalls(false).then(resolve, resolve);
        }, RECEIPT_BATCH_MS);
      }),
    );
  }

  /**
   * Drains the call queue; a request while a drain runs makes that drain go round once more.
   * `fromAlarm`: the safety net's wake, which also deletes what was taken if no commit did.
   */
  async drainCalls(fromAlarm = true): Promise<void> {
    if (this.#draining) {
      this.#drainAgain = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        const takenBefore = this.#taken.size;
        const next = await drainCallQueue(
          this.s.sql,
          (target, calls) => this.s.userStub(target).applyCalls(calls),
          (m) => console.error(m),
          this.#taken,
        );
        // A pass that sent nothing new (the safety net's wake, no commit since): delete what was
        // taken now, in a transaction of its own, rather than keep the alarm for it.
        if (fromAlarm && this.#taken.size > 0 && this.#taken.size === takenBefore) this.inTransaction(() => undefined);
        // Calls left, or taken calls still to delete: the safety net stays. Otherwise it is not
        // needed (a wake for it would find nothing to do).
        if (next !== undefined || this.#taken.size > 0)
          await this.alarms.schedule("callQueue", next ?? Date.now() + CALL_QUEUE_SAFETY_NET_MS);
        else this.alarms.unschedule("callQueue");
      } while (this.#drainAgain);
    })().finally(() => (this.#draining = undefined));
    return this.#draining;
  }
}
