// What a committed change sets going: its events to the members' objects (the call queue, drained
// at once, one RPC per member object per drain), its MySQL writes (write-behind, shortly after),
// and coalesced receipts (at most one round per second). One alarm is the safety net for all three.
//
// Twin: the user object's AlarmSchedule (../user-session/alarm.ts). Both keep the alarm as last
// set in memory and set it only when earlier (schedule here, #arm there), but the shapes differ:
// there, named tasks with their own due times and a wake runs only what is due; here, one deadline
// and every wake runs every task (each is cheap when idle), a cached alarm already past is set
// again, and the next one is at least 10 ms away. Sharing would save those few lines and change
// which tasks a group's wake runs.
import type { EventBody } from "../../protocol/events";
import { userSession } from "../../workers/lib/user-session";
import { enqueueCall, nextHeadDue, type QueuedCall } from "../user-session/call-queue";
import type { CostMeter } from "../user-session/cost";
import { drainToMembers } from "./fan-out";
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
  /** The call queue's statements, counted when the object counts its costs (`cost.*`). */
  readonly #sql: SqlStorage;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly receipts: ReceiptsTask,
    private readonly cost?: CostMeter,
  ) {
    this.#sql = cost ? cost.countingSql(ctx.storage.sql) : ctx.storage.sql;
  }

  /** After a commit: deliver its calls now, flush MySQL soon; the alarm covers both if this instance goes away. */
  async afterCommit(opts: { calls: boolean; mysql: boolean }): Promise<void> {
    if (opts.mysql) await this.schedule(Date.now() + WRITE_BEHIND_DELAY_MS);
    if (opts.calls) {
      await this.schedule(Date.now() + CALL_QUEUE_SAFETY_NET_MS);
      // A failed drain leaves its calls queued: the alarm set above retries them.
      this.ctx.waitUntil(this.drain().catch((err: unknown) => log(`drain failed: ${String(err)}`)));
    }
  }

  /** Sets the alarm to `at` unless an earlier one is set (read from storage once per instance). */
  async schedule(at: number): Promise<void> {
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (this.#alarmAt !== null && this.#alarmAt <= at && this.#alarmAt >= Date.now()) return;
    this.#alarmAt = at;
    this.cost?.alarmSet();
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
        for (;;) {
          this.#drainAgain = false;
          const deliver = async (uid: number, calls: QueuedCall[]) => {
            this.cost?.rpc();
            await userSession(this.env, uid).applyCalls(calls);
          };
          const delivered = await drainToMembers(this.#sql, deliver, log);
          const next = nextHeadDue(this.#sql);
          // A pass reads at most 1,000 calls: go on while it made progress and more are due now.
          if (this.#drainAgain || (delivered > 0 && next !== undefined && next <= Date.now())) continue;
          if (next !== undefined) await this.schedule(next);
          break;
        }
      } finally {
        this.#draining = undefined;
      }
    })();
    return this.#draining;
  }

  /** The alarm: every task runs (each is cheap when idle); the alarm is set again for the earliest due. */
  async alarm(): Promise<void> {
    this.#alarmAt = null;
    await this.drain();
    const next = [await runGroupWriteBehind(this.ctx.storage, this.env), await this.receipts()];
    const due = [...next, nextHeadDue(this.#sql)].filter((t) => t !== undefined);
    if (due.length > 0) await this.schedule(Math.max(Date.now() + 10, Math.min(...due)));
  }
}

const log = (msg: string) => console.error(JSON.stringify({ level: "warn", what: "group call queue", msg }));
