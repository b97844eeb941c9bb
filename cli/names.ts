// Names for the uids a group shows: you, your friends (alias or nickname), and anyone else looked
// up by id in bulk (GET /v1/users?ids=…, USER_LOOKUP_MAX per call), so a group of strangers still
// reads as names. Deleted accounts read as DELETED_USER_NAME; unknown ones show as their id. Typed
// `@username` (or a friend's `@alias`) becomes the `@<uid>` the server counts as a mention.
import type { UserLookupReply } from "../protocol/account";
import { DELETED_USER_NAME, USER_LOOKUP_MAX } from "../protocol/account";
import type { Friend } from "../protocol/events";
import { displayName } from "./format";

/** At most this many strangers are looked up per command (5 calls): a 500-member group still reads as names. */
const LOOKUP_MAX = 5 * USER_LOOKUP_MAX;

/** `GET /v1/users?ids=…` (the SDK's `lookupUsers`). */
export type UserLookup = (ids: number[]) => Promise<UserLookupReply>;

export interface NameBook {
  /** "you", a display name, DELETED_USER_NAME, or the uid as text. */
  name(uid: number): string;
  /** Looks up the names not known yet (best effort: a failed lookup keeps the uid). */
  learn(uids: number[]): Promise<void>;
  /** Records a name known from elsewhere (a friend added meanwhile). */
  set(uid: number, name: string): void;
  /** `@username` / `@alias` of someone known replaced by `@<uid>`; `@all`, ids and strangers left as typed. */
  mentionsToIds(text: string): string;
}

export function createNameBook(me: number, friends: Friend[], lookup?: UserLookup): NameBook {
  const names = new Map<number, string>(friends.map((f) => [f.id, displayName(f)]));
  const tried = new Set<number>();
  /** Lowercase username or alias -> uid. */
  const handles = new Map<string, number>();
  for (const f of friends) for (const h of [f.username, f.alias]) if (h) handles.set(h.toLowerCase(), f.id);

  const learnFrom = (reply: UserLookupReply) => {
    for (const user of reply.users) {
      names.set(user.id, displayName(user));
      if (!handles.has(user.username.toLowerCase())) handles.set(user.username.toLowerCase(), user.id);
    }
    for (const uid of reply.deleted) names.set(uid, DELETED_USER_NAME);
  };

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
      for (const u of unknown) tried.add(u);
      for (let i = 0; i < unknown.length; i += USER_LOOKUP_MAX) {
        const reply = await lookup(unknown.slice(i, i + USER_LOOKUP_MAX)).catch(() => undefined);
        if (reply) learnFrom(reply);
      }
    },
  };
}
