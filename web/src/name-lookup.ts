// Names of people who are not friends (group members, search hits), looked up once each by id
// (GET /v1/users?ids=; a deleted account is named DELETED_USER_NAME), a few at a time: a big
// group must not fire hundreds of requests at once into the reads rate limit. A failed lookup is
// not retried; that person shows as "user <id>". Someone who stops being a friend is looked up
// again (`relearn`): their account may be gone, and a name from before the friendship is stale.
import { DELETED_USER_NAME, type HttpClient } from "../../client";

/** Lookups in flight at once. */
const PARALLEL = 4;

export interface NameLookupOptions {
  /** Resolves the person's name, or undefined when the search finds no one. */
  find(uid: number): Promise<string | undefined>;
  /** A name arrived (re-render). */
  found(uid: number, name: string): void;
  /** People whose names are known already (me, friends). */
  known(uid: number): boolean;
}

export function createNameLookup(opts: NameLookupOptions) {
  const asked = new Set<number>();
  const queue: number[] = [];
  let running = 0;

  function next(): void {
    while (running < PARALLEL && queue.length > 0) {
      const uid = queue.shift()!;
      running++;
      void opts
        .find(uid)
        .then((name) => name !== undefined && opts.found(uid, name))
        .catch(() => undefined)
        .finally(() => {
          running--;
          next();
        });
    }
  }

  const learn = (uids: number[]): void => {
    for (const uid of uids) {
      if (asked.has(uid) || opts.known(uid)) continue;
      asked.add(uid);
      queue.push(uid);
    }
    next();
  };

  return {
    /** Queues the ones not known and not asked about yet. */
    learn,
    /** Queues them even if asked about before (a friend removed: deleted, or a stale name). */
    relearn(uids: number[]): void {
      for (const uid of uids) if (!queue.includes(uid)) asked.delete(uid);
      learn(uids);
    },
  };
}

/** One person's name by id: their nickname or username, DELETED_USER_NAME for a deleted account, undefined for no one. */
export async function findName(http: HttpClient, api: <T>(run: () => Promise<T>) => Promise<T>, uid: number): Promise<string | undefined> {
  const reply = await api(() => http.lookupUsers([uid]));
  if (reply.deleted.includes(uid)) return DELETED_USER_NAME;
  const user = reply.users.find((u) => u.id === uid);
  return user && (user.nickname || user.username);
}
