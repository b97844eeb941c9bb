// A group message's body with its mentions shown as names: `@<uid>` of a member the server
// counted as mentioned becomes a highlighted `@name`, `@all` (from an admin) likewise. Other text,
// including an `@<uid>` the server did not count, stays as written. Text nodes only, never HTML.
import { h } from "./dom";

const MENTION = /@(\d{9}|all)\b/g;

export interface MentionSource {
  body: string;
  mentions: number[];
  mentionsAll: boolean;
}

export function renderMentions(m: MentionSource, nameOf: (uid: number) => string, me: number): Array<Node | string> {
  const out: Array<Node | string> = [];
  let last = 0;
  for (const match of m.body.matchAll(MENTION)) {
    const all = match[1] === "all";
    const uid = all ? 0 : Number(match[1]);
    if (all ? !m.mentionsAll : !m.mentions.includes(uid)) continue;
    out.push(m.body.slice(last, match.index));
    const mine = all || uid === me;
    out.push(h("span", { class: `mention${mine ? " me" : ""}`, "data-uid": all ? "all" : uid }, `@${all ? "all" : nameOf(uid)}`));
    last = match.index + match[0].length;
  }
  out.push(m.body.slice(last));
  return out;
}

/** The message mentions the reader (by id, or `@all`). */
export const mentionsMe = (m: Omit<MentionSource, "body">, me: number): boolean => m.mentionsAll || m.mentions.includes(me);

/** The body as the composer shows it for an edit: each counted `@<uid>` as `@name`. */
export const mentionsAsNames = (m: { body: string | null; mentions: number[] }, nameOf: (uid: number) => string): string =>
  (m.body ?? "").replace(/@(\d{9})\b/g, (all, uid: string) => (m.mentions.includes(Number(uid)) ? `@${nameOf(Number(uid))}` : all));

/** The edited text back as stored: the original's mentions as `@<uid>` again (an edit keeps them). */
export const namesAsMentions = (text: string, mentions: number[], nameOf: (uid: number) => string): string =>
  mentions.reduce((body, uid) => body.split(`@${nameOf(uid)}`).join(`@${uid}`), text);
