// Names for the uids a group shows: you, your friends (alias or nickname), and anyone else looked
// up once by id (GET /v1/users/search?q=<id>), a few at a time, so a group of strangers still
// reads as names. Unknown ones show as their id until looked up. Typed `@username` (or a friend's
// `@alias`) becomes the `@<uid>` the server counts as a mention.
import type { HttpClient } from "../client";
import type { Friend } from "../protocol/events";
import { displayName } from "./format";

/** At most this many strangers are looked up per command: a 500-member list stays quick. */
const LOOKUP_MAX = 60;
const PARALLEL = 6;

export interface NameBook {
  /** "you", a display name, or the uid as text. */
  name(uid: number): string;
  /** Looks up the names not known yet (best effort: a failed lookup keeps the uid). */
  learn(uids: number[]): Promise<void>;
  /** Records a name known from elsewhere (a friend added meanwhile). */
  set(uid: number, name: string): void;
  /** `@username` / `@alias` of someone known replaced by `@<uid>`; `@all`, ids and strangers left as typed. */
  mentionsToIds(text: string): string;
}

export function createNameBook(me: number, friends: Friend[], lookup?: HttpClient["searchUsers"]): NameBook {
  const names = new Map<number, string>(friends.map((f) => [f.id, displayName(f)]));
  const tried = new Set<number>();
  /** Lowercase username or alias -> uid. */
  const handles = new Map<string, number>();
  for (const f of friends) for (const h of [f.username, f.alias]) if (h) handles.set(h.toLowerCase(), f.id);

  return {
    name: (uid) => (uid === me ? "you" : (names.get(uid) ?? String(uid))),
    set: (uid, name) => void names.set(uid, name),
    mentionsToIds: (text) =>
      text.replace(/(^|[^\w@])@([A-Za-z][\w.-]*)/g, (whole, before: string, handle: string) => {
        const uid = handle.toLowerCase() === "all" ? undefined : handles.get(handle.toLowerCase());
        return uid === undefined ? whole : `${before}@${uid}`;
      }),
    async learn(uids) {
      if (!lookup) return;
      const unknown = [...new Set(uids)].filter((u) => u !== me && !names.has(u) && !tried.has(u)).slice(0, LOOKUP_MAX);
      for (let i = 0; i < unknown.length; i += PARALLEL) {
        await Promise.all(
          unknown.slice(i, i + PARALLEL).map(async (uid) => {
            tried.add(uid);
            const found = await lookup(String(uid), { limit: 1 }).catch(() => undefined);
            const user = found?.users.find((u) => u.id === uid);
            if (!user) return;
            names.set(uid, displayName(user));
            if (!handles.has(user.username.toLowerCase())) handles.set(user.username.toLowerCase(), uid);
          }),
        );
      }
    },
  };
}
