// The object's alarm (durable-objects/user-session/alarm.ts) across an eviction, on a real Durable
// Object's storage: two AlarmSchedule instances over the same storage stand for the instance that
// set the alarm and the one that wakes after it was evicted (hibernation does this all the time).
// The alarms are set an hour ahead and the wakes run by hand, so the object's own alarm never rings.
import { describe, expect, it } from "vitest";
import { ALARM_TASKS, AlarmSchedule, type AlarmTask, type AlarmTaskRun } from "../../durable-objects/user-session/alarm";
import { CostMeter } from "../../durable-objects/user-session/cost";
import { inUserObject } from "./chat-fixtures";
import { member } from "./friends-fixtures";

const HOUR = 3_600_000;

/** Tasks that record which ran and ask for nothing more. */
function recorder() {
  const ran: AlarmTask[] = [];
  const tasks = Object.fromEntries(ALARM_TASKS.map((t) => [t, async () => void ran.push(t)])) as Record<AlarmTask, AlarmTaskRun>;
  return { ran, tasks };
}

const ringAt = (scheduledTime: number): AlarmInvocationInfo => ({ scheduledTime, isRetry: false, retryCount: 0 });

describe("alarm schedule after an eviction", () => {
  it("runs every task when the alarm an earlier instance set rings, even if this instance has tasks of its own", async () => {
    const u = await member("al");
    const result = await inUserObject(u.id, async (_sql, state) => {
      await state.storage.deleteAlarm(); // whatever the live instance set, so only these schedules count
      const retryAt = Date.now() + HOUR;
      // The instance that is gone: a call-queue retry (a failing peer) set the alarm.
      await new AlarmSchedule(state.storage, new CostMeter()).schedule("callQueue", retryAt);
      // The new instance counts a frame: its metrics flush is due later than the alarm.
      const fresh = new AlarmSchedule(state.storage, new CostMeter());
      await fresh.schedule("metrics", retryAt + 60_000);
      const { ran, tasks } = recorder();
      await fresh.wake(tasks, ringAt(retryAt));
      await state.storage.deleteAlarm();
      return ran;
    });
    expect(result).toEqual([...ALARM_TASKS]);
  });

  it("keeps the earlier instance's alarm owed when this instance sets an earlier one", async () => {
    const u = await member("al");
    const result = await inUserObject(u.id, async (_sql, state) => {
      await state.storage.deleteAlarm(); // whatever the live instance set, so only these schedules count
      const retryAt = Date.now() + HOUR;
      await new AlarmSchedule(state.storage, new CostMeter()).schedule("callQueue", retryAt);
      const fresh = new AlarmSchedule(state.storage, new CostMeter());
      const flushAt = retryAt - 10 * 60_000;
      await fresh.schedule("writeBehind", flushAt);
      const setForFlush = await state.storage.getAlarm();
      const first = recorder();
      await fresh.wake(first.tasks, ringAt(flushAt));
      // Its own wake ran what it knew of; the alarm goes back to the earlier instance's time.
      const setAfter = await state.storage.getAlarm();
      const second = recorder();
      await fresh.wake(second.tasks, ringAt(retryAt));
      await state.storage.deleteAlarm();
      return { setForFlush: setForFlush! - flushAt, first: first.ran, setAfter: setAfter! - retryAt, second: second.ran };
    });
    expect(result).toEqual({ setForFlush: 0, first: ["writeBehind"], setAfter: 0, second: [...ALARM_TASKS] });
  });

  it("runs only what is due when this instance set the alarm itself", async () => {
    const u = await member("al");
    const ran = await inUserObject(u.id, async (_sql, state) => {
      await state.storage.deleteAlarm();
      const at = Date.now() + HOUR;
      const schedule = new AlarmSchedule(state.storage, new CostMeter());
      await schedule.schedule("writeBehind", at);
      await schedule.schedule("metrics", at + 60_000);
      const { ran, tasks } = recorder();
      await schedule.wake(tasks, ringAt(at));
      await state.storage.deleteAlarm();
      return ran;
    });
    expect(ran).toEqual(["writeBehind"]);
  });
});
