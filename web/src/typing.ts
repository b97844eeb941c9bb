// "… is typing": who is typing where (from live `typing` notices, each shown for its
// expiresInMs unless renewed, gone as soon as that person's message arrives), and my own notices
// going out at most once per conversation per TYPING_COALESCE_MS (the server drops extras anyway,
// but each frame still costs from the frame budget).
import { TYPING_COALESCE_MS } from "../../protocol/frames";

/** `p:<peerId>` for a 1:1 conversation, `g:<groupId>` for a group. */
export type ConversationKey = `p:${number}` | `g:${string}`;
export type TypingTarget = { to: number } | { groupId: string };

export const keyOfTarget = (target: TypingTarget): ConversationKey => ("to" in target ? `p:${target.to}` : `g:${target.groupId}`);

export function createTyping(opts: { send: (target: TypingTarget) => Promise<void>; changed: () => void }) {
  /** Per conversation: who is typing, with the timer that ends it. */
  const typing = new Map<ConversationKey, Map<number, ReturnType<typeof setTimeout>>>();
  const lastSent = new Map<ConversationKey, number>();

  function stop(key: ConversationKey, uid: number): void {
    const people = typing.get(key);
    const timer = people?.get(uid);
    if (!people || timer === undefined) return;
    clearTimeout(timer);
    people.delete(uid);
    if (people.size === 0) typing.delete(key);
    opts.changed();
  }

  return {
    /** A `typing` notice: `from` types to me (1:1, keyed by them) or in `groupId`. */
    noticed(event: { from: number; groupId?: string; expiresInMs: number }): void {
      const key: ConversationKey = event.groupId !== undefined ? `g:${event.groupId}` : `p:${event.from}`;
      const people = typing.get(key) ?? new Map<number, ReturnType<typeof setTimeout>>();
      typing.set(key, people);
      clearTimeout(people.get(event.from));
      people.set(
        event.from,
        setTimeout(() => stop(key, event.from), event.expiresInMs),
      );
      opts.changed();
    },
    /** Their message arrived: they are done typing it. */
    stop,
    /** Who is typing in a conversation now, in the order they started. */
    who: (key: ConversationKey): number[] => [...(typing.get(key)?.keys() ?? [])],
    /** I typed in a conversation: tell the others, at most once per coalescing window. */
    typed(target: TypingTarget): void {
      const key = keyOfTarget(target);
      const now = Date.now();
      if (now - (lastSent.get(key) ?? -Infinity) < TYPING_COALESCE_MS) return;
      lastSent.set(key, now);
      opts.send(target).catch(() => lastSent.delete(key));
    },
    dispose(): void {
      for (const people of typing.values()) for (const timer of people.values()) clearTimeout(timer);
      typing.clear();
    },
  };
}

/** "bob is typing…", "bob and carol are typing…", "Several people are typing…"; "" for nobody. */
export function typingText(names: string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}
