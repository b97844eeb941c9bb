// The object's one alarm, shared by named tasks. Each task has its own due time; the alarm is set
// to the earliest, and a wake runs only the tasks that are due (a message's write-behind flush no
// longer renews presence in Redis or scans retention). A wake this instance cannot account for
// runs every task: after eviction the due times are gone (they live in memory, so scheduling
// costs no storage write), a retry follows a failed wake, and a manual run (no invocation info)
// asks for everything. An alarm an earlier instance set (found in storage) is such a wake too, even
// when this instance has set an earlier one or has tasks of its own: its reasons (a call queue
// retry, a MySQL write-behind) are known only to the instance that is gone.
//
// Twin: the group object's FollowUps (../group-room/follow-ups.ts), one deadline whose every wake
// runs every task. Only "set the alarm when earlier, read it once" is alike (#arm here, schedule
// there); the due times, the run-only-what-is-due wake and lateMs are this object's alone.
import type { CostMeter } from "./cost";

/** In the order a wake runs them: deliveries first, bookkeeping last. */
export const ALARM_TASKS = ["callQueue", "writeBehind", "idleCheck", "retention", "metrics"] as const;
export type AlarmTask = (typeof ALARM_TASKS)[number];

/** A task's work; returns when it wants to run again, if it does. */
export type AlarmTaskRun = () => Promise<number | undefined>;

export class AlarmSchedule {
  readonly #due = new Map<AlarmTask, { at: number; wakes: boolean }>();
  /** The alarm as this instance last set or read it (undefined: not known yet; null: none). */
  #alarmAt: number | null | undefined;
  /** Whether the alarm now set was set by this instance (its due times account for it). */
  #armedHere = false;
  /** An alarm an earlier instance set, still owed a wake that runs every task (null: none). */
  #foreignAt: number | null = null;
  #lateMs = 0;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly cost: CostMeter,
  ) {}

  /**
   * How late the running wake rang (0 for a manual run): how far behind this object and its runtime
   * are. The idle check adds it to the timeout, so an overloaded object never takes its own
   * backlog for a client's silence.
   */
  get lateMs(): number {
    return this.#lateMs;
  }

  /**
   * Asks for `task` to run at `at` (an earlier due time it already has wins). `wakes: false` sets
   * no alarm for it: the task rides along with the first wake at or after `at`.
   */
  async schedule(task: AlarmTask, at: number, { wakes = true } = {}): Promise<void> {
    const due = this.#due.get(task);
    if (due !== undefined && due.at <= at && (due.wakes || !wakes)) return;
    this.#due.set(task, { at: Math.min(at, due?.at ?? at), wakes: wakes || (due?.wakes ?? false) });
    if (wakes) await this.#arm(at);
  }

  /**
   * Takes `task` off the schedule (its work is done before it was due). The alarm stays where it
   * is: it rings for nothing at worst, and a wake this instance set runs only what is due.
   */
  unschedule(task: AlarmTask): void {
    this.#due.delete(task);
  }

  /**
   * Runs one wake: the tasks due (or all, see the top), each taken off the schedule before it runs
   * so it can schedule itself again; then the alarm is set for the earliest task left.
   */
  async wake(tasks: Record<AlarmTask, AlarmTaskRun>, info: AlarmInvocationInfo | undefined): Promise<void> {
    // This alarm is spent: whatever is scheduled from now on must be set again.
    const armedHere = this.#armedHere;
    this.#alarmAt = null;
    this.#armedHere = false;
    const now = Math.max(Date.now(), info?.scheduledTime ?? 0);
    this.#lateMs = info === undefined ? 0 : Date.now() - info.scheduledTime;
    const foreignDue = this.#foreignAt !== null && this.#foreignAt <= now;
    if (foreignDue) this.#foreignAt = null;
    // An alarm this instance set rings for its due tasks only, none if they were unscheduled.
    const knowsWhy = info !== undefined && !info.isRetry && armedHere && !foreignDue;
    const due = ALARM_TASKS.filter((t) => (knowsWhy ? (this.#due.get(t)?.at ?? Infinity) <= now : true));
    for (const task of due) this.#due.delete(task);
    for (const task of due) {
      this.cost.taskRan(task);
      const next = await tasks[task]();
      if (next !== undefined) await this.schedule(task, next);
    }
    const earliest = Math.min(...[...this.#due.values()].filter((d) => d.wakes).map((d) => d.at), this.#foreignAt ?? Infinity);
    if (Number.isFinite(earliest)) await this.#arm(earliest);
  }

  /**
   * Sets the alarm to `at` unless an earlier one is already set. The alarm is read from storage
   * once per instance and then tracked here: most schedules need no storage round trip.
   */
  async #arm(at: number): Promise<void> {
    if (this.#alarmAt === undefined) this.#foreignAt = this.#alarmAt = await this.storage.getAlarm();
    if (this.#alarmAt !== null && this.#alarmAt <= at) return;
    this.#alarmAt = at;
    this.#armedHere = true;
    this.cost.alarmSet();
    await this.storage.setAlarm(at);
  }
}
