// What this object spends, counted where it is spent, under the names the bench's cost table and
// /v1/admin/stats read (`cost.*`). One place each: storage transactions and SQLite rows written
// in the counting `sql` handed to every module; RPCs where a stub is taken; alarms where one is
// set; frames and bytes where a frame leaves for a device (connections.ts).
//
// The tallies ride along with the object's metrics flush but never schedule one themselves: a
// flush re-arms the alarm, and counting that would keep an idle object waking forever.
import { createCounters, type Counters } from "../../workers/lib/metrics";

export const COST = {
  transactions: "cost.transactions",
  rowsWritten: "cost.rowsWritten",
  rpcCalls: "cost.rpcCalls",
  alarmsSet: "cost.alarmsSet",
  framesOut: "cost.framesOut",
  bytesOut: "cost.bytesOut",
} as const;

export class CostMeter {
  readonly tallies: Counters = createCounters();
  /** Depth of explicit transactions now running (transactionSync may nest). */
  #explicit = 0;
  /** Cursors whose rows written are read once they have been consumed (see #settle). */
  #pending: { cursor: { readonly rowsWritten: number }; explicit: boolean }[] = [];
  #settleScheduled = false;

  /**
   * `raw` with every statement counted. The runtime commits writes made outside transactionSync
   * together until the object next waits on I/O: one implicit transaction per such run, modelled
   * as one per event-loop turn.
   */
  countingSql(raw: SqlStorage): SqlStorage {
    const exec = <T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]): SqlStorageCursor<T> => {
      const cursor = raw.exec<T>(query, ...bindings);
      this.#pending.push({ cursor, explicit: this.#explicit > 0 });
      this.#scheduleSettle();
      return cursor;
    };
    return new Proxy(raw, {
      get: (target, prop) => {
        if (prop === "exec") return exec;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** storage.transactionSync, counted. */
  transaction<T>(storage: DurableObjectStorage, change: () => T): T {
    this.tallies.add(COST.transactions);
    this.#explicit++;
    try {
      return storage.transactionSync(change);
    } finally {
      this.#explicit--;
    }
  }

  rpc(): void {
    this.tallies.add(COST.rpcCalls);
  }

  alarmSet(): void {
    this.tallies.add(COST.alarmsSet);
  }

  /** A wake of the alarm ran this task (`alarm.ran.<task>`): which work the wakes did. */
  taskRan(task: string): void {
    this.tallies.add(`alarm.ran.${task}`);
  }

  framesSent(frames: number, bytesEach: number): void {
    if (frames === 0) return;
    this.tallies.add(COST.framesOut, frames);
    this.tallies.add(COST.bytesOut, frames * bytesEach);
  }

  /**
   * Reads rows written once the callers have consumed their cursors (they do so synchronously),
   * on the next event-loop turn: the writes outside transactionSync until then are one commit.
   */
  #scheduleSettle(): void {
    if (this.#settleScheduled) return;
    this.#settleScheduled = true;
    setTimeout(() => this.settle(), 0);
  }

  /** Counts what is pending now: before tallies are read (a later event, so the writes' turn is over). */
  settle(): void {
    this.#settleScheduled = false;
    const pending = this.#pending;
    this.#pending = [];
    let rows = 0;
    let implicitWrite = false;
    for (const { cursor, explicit } of pending) {
      const written = cursor.rowsWritten;
      rows += written;
      if (!explicit && written > 0) implicitWrite = true;
    }
    if (rows > 0) this.tallies.add(COST.rowsWritten, rows);
    if (implicitWrite) this.tallies.add(COST.transactions);
  }
}

/** UTF-8 length of a string without encoding it (frames are counted in bytes as sent). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair: 2 units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}
