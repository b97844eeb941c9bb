// Per-session bookkeeping for the PlanetScale emulator: ordering of a session's requests and the
// MySQL connection pinned to a session while it is inside a transaction.
import type { PoolConnection } from "mysql2/promise";

export interface SessionStore {
  /** Runs `fn` after every earlier request of the same session finished: one session, one statement at a time. */
  exclusive<T>(id: string, fn: () => Promise<T>): Promise<T>;
  /** Removes and returns the session's pinned connection (the caller owns it until it pins or releases it). */
  take(id: string): PoolConnection | undefined;
  /** Pins a connection that is inside a transaction; it is rolled back and dropped after `idleMs` unused. */
  pin(id: string, conn: PoolConnection): void;
  /** Destroys every pinned connection; later `pin` calls destroy immediately. */
  closeAll(): void;
}

interface Pinned {
  conn: PoolConnection;
  timer: NodeJS.Timeout;
}

export function createSessionStore(idleMs: number, log: (line: string) => void): SessionStore {
  const pinned = new Map<string, Pinned>();
  const tails = new Map<string, Promise<unknown>>();
  let closed = false;

  return {
    exclusive(id, fn) {
      const previous = tails.get(id) ?? Promise.resolve();
      const run = previous.then(fn);
      const tail = run.catch(() => undefined);
      tails.set(id, tail);
      void tail.then(() => tails.get(id) === tail && tails.delete(id));
      return run;
    },
    take(id) {
      const entry = pinned.get(id);
      if (!entry) return undefined;
      clearTimeout(entry.timer);
      pinned.delete(id);
      return entry.conn;
    },
    pin(id, conn) {
      if (closed) return conn.destroy();
      // Destroying (not releasing) makes MariaDB roll back and keeps half-done state out of the pool.
      const timer = setTimeout(() => {
        pinned.delete(id);
        conn.destroy();
        log(`planetscale: rolled back transaction of session ${id} after ${idleMs} ms idle`);
      }, idleMs);
      timer.unref();
      pinned.set(id, { conn, timer });
    },
    closeAll() {
      closed = true;
      for (const { conn, timer } of pinned.values()) (clearTimeout(timer), conn.destroy());
      pinned.clear();
    },
  };
}
