// What a committed change sets going: its events to the members' objects (the call queue, drained
// at once, one RPC per member object per drain), its MySQL writes (write-behind, shortly after),
// and coalesced receipts (at most one round per second). One alarm is the safety net for all three.
import type { EventBody } from "../../protocol/events";
import { userSession } from "../../workers/lib/user-session";
import { drainCallQueue, enqueueCall, type QueuedCall } from "../user-session/call-queue";
import { runGroupWriteBehind } from "./write-behind";

/** Write-behind waits this long to batch MySQL writes. */
const WRITE_BEHIND_DELAY_MS = 100;
/** When queued calls are retried if the immediate drain did not finish. */
const CALL_QUEUE_SAFETY_NET_MS = 2_000;

/** Queues one event for each target's object (in the caller's transaction). */
export function emitTo(sql: SqlStorage, targets: Iterable<number>, key: string, body: EventBody): void {
  for (const uid of new Set(targets)) enqueueCall(sql, uid, "notify", [key, body]);
}

export type ReceiptsTask = () => Promise<number | undefined>;

export class FollowUps {
  #draining: Promise<void> | undefined;
  #drainAgain = false;
  /** The alarm as this instance last set or read it (undefined: not read yet; null: none). */
  #alarmAt: number | null | undefined;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly receipts: ReceiptsTask,
  ) {}

  /** After a commit: deliver its calls now, flush MySQL soon; the alarm covers both if this instance goes away. */
  async afterCommit(opts: { calls: boolean; mysql: boolean }): Promise<void> {
    if (opts.mysql) await this.schedule(Date.now() + WRITE_BEHIND_DELAY_MS);
    if (opts.calls) {
      await this.schedule(Date.now() + CALL_QUEUE_SAFETY_NET_MS);
      this.ctx.waitUntil(this.drain());
    }
  }

  /** Sets the alarm to `at` unless an earlier one is set (read from storage once per instance). */
  async schedule(at: number): Promise<void> {
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (this.#alarmAt !== null && this.#alarmAt <= at && this.#alarmAt >= Date.now()) return;
    this.#alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /** One drain at a time keeps each member's events in order and never calls twice at once. */
  drain(): Promise<void> {
    if (this.#draining) {
      this.#drainAgain = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      try {
        do {
          this.#drainAgain = false;
          const retryAt = await drainCallQueue(this.ctx.storage.sql, (uid, calls) => this.#deliver(uid, calls), log);
          if (retryAt !== undefined) await this.schedule(retryAt);
        } while (this.#drainAgain);
      } finally {
        this.#draining = undefined;
      }
    })();
    return this.#draining;
  }

  #deliver(uid: number, calls: QueuedCall[]): Promise<void> {
    return userSession(this.env, uid).applyCalls(calls);
  }

  /** The alarm: every task runs (each is cheap when idle); the alarm is set again for the earliest due. */
  async alarm(): Promise<void> {
    this.#alarmAt = null;
    await this.drain();
    const next = [await runGroupWriteBehind(this.ctx.storage, this.env), await this.receipts()];
    const pending = this.ctx.storage.sql.exec<{ at: number }>("SELECT MIN(next_at) AS at FROM outbox").one().at;
    const due = [...next, pending ?? undefined].filter((t): t is number => t !== undefined && t !== null);
    if (due.length > 0) await this.schedule(Math.max(Date.now() + 10, Math.min(...due)));
  }
}

const log = (msg: string) => console.error(JSON.stringify({ level: "warn", what: "group call queue", msg }));
