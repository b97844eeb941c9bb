// How a change becomes durable and visible: one storage transaction, then what it emitted is
// pushed to this user's live devices, and its follow-ups are set going: the write-behind flush
// to MySQL (on the alarm, shortly after) and the calls it queued for other users' objects
// (drained at once, the alarm as the safety net).
import type { EventBody, UserEvent } from "../../protocol/events";
import type { AlarmSchedule } from "./alarm";
import { applyEvent } from "./apply-event";
import { drainCallQueue, enqueueCall, hasQueuedCalls } from "./call-queue";
import { broadcast } from "./connections";
import { conversationOwner } from "./conversation-log";
import type { ObjectServices } from "./object-services";
import { hasMysqlBacklog } from "./write-behind";

/** Write-behind waits this long to batch MySQL writes. */
export const WRITE_BEHIND_DELAY_MS = 100;
/** When queued calls are retried if the immediate drain did not finish (e.g. the object was evicted). */
const CALL_QUEUE_SAFETY_NET_MS = 2_000;

export class Commits {
  /** Events appended during the current transaction, pushed to live sockets after it. */
  #toPush: UserEvent[] = [];
  /** The running drain, if any: one at a time keeps per-target order and avoids double calls. */
  #draining: Promise<void> | undefined;
  #drainAgain = false;

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
    if (target !== s.uid) return enqueueCall(s.sql, target, "notify", [key, body]);
    const event = applyEvent(s.sql, s.uid, key, body);
    if (event?.type === "message" && event.message.to === s.uid) s.metrics.add("messages.delivered");
    if (event) this.#toPush.push(event);
  }

  async commit<T>(change: () => T): Promise<T> {
    const { s } = this;
    this.#toPush = [];
    const result = s.transaction(change);
    const events = this.#toPush;
    this.#toPush = [];
    if (events.length > 0) broadcast(s.ctx, { type: "events", events }, s.cost);
    const now = Date.now();
    if (hasMysqlBacklog(s.sql)) await this.alarms.schedule("writeBehind", now + WRITE_BEHIND_DELAY_MS);
    // Not awaited: the caller (often another object's RPC, or a client waiting for its ack) must
    // not wait on our calls to others, or two objects calling each other would wait forever.
    if (hasQueuedCalls(s.sql)) {
      // Safety net first: if this object is evicted before the drain finishes, the alarm resumes it.
      await this.alarms.schedule("callQueue", now + CALL_QUEUE_SAFETY_NET_MS);
      s.ctx.waitUntil(this.drainCalls());
    }
    // Retention (retention.ts) rides along with the next wake after a change; it sets no alarm of its own.
    await this.alarms.schedule("retention", now, { wakes: false });
    return result;
  }

  /** Drains the call queue; a request while a drain runs makes that drain go round once more. */
  async drainCalls(): Promise<void> {
    if (this.#draining) {
      this.#drainAgain = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        const next = await drainCallQueue(
          this.s.sql,
          (target, calls) => this.s.userStub(target).applyCalls(calls),
          (m) => console.error(m),
        );
        // Empty: the safety net is not needed (a wake for it would find nothing to do).
        if (next !== undefined) await this.alarms.schedule("callQueue", next);
        else this.alarms.unschedule("callQueue");
      } while (this.#drainAgain);
    })().finally(() => (this.#draining = undefined));
    return this.#draining;
  }
}
