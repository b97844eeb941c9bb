// The user's words turned into what MySQL is asked: an InnoDB FULLTEXT boolean query (every word
// required, the last one as a prefix), or, for text with CJK characters, LIKE substrings.
// Never passed through as typed: the boolean operators (+ - < > ( ) ~ * " @) and every other
// punctuation mark split words, so user input cannot change the query's meaning.
import { ApiError } from "../errors";

/** InnoDB's innodb_ft_min_token_size (3 by default, on MariaDB and MySQL 8 / PlanetScale alike). */
export const MIN_WORD_LENGTH = 3;

/**
 * InnoDB's default stopwords of 3 or more letters (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD,
 * the same on MariaDB and MySQL 8): never indexed, so requiring one (`+the`) would match nothing.
 * Left out of the query (also as the last word: `+the*` finds nothing either, measured on MariaDB).
 */
const STOPWORDS = new Set([
  "about",
  "are",
  "com",
  "for",
  "from",
  "how",
  "that",
  "the",
  "this",
  "was",
  "what",
  "when",
  "where",
  "who",
  "will",
  "with",
  "und",
  "www",
]);

/** At most this many words are searched for: a pasted paragraph must not become a huge query. */
const MAX_WORDS = 12;

/**
 * Han, kana and hangul. InnoDB's built-in parser splits words at spaces and punctuation only,
 * so a CJK sentence is indexed as one token and no word inside it can be found by MATCH.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export type MessageMatch =
  /** `MATCH(body) AGAINST(? IN BOOLEAN MODE)` with this boolean query. */
  | { kind: "fulltext"; against: string }
  /** `body LIKE ?` for each pattern (all must match), with `!` as the escape character. */
  | { kind: "substring"; patterns: string[] };

/** Letters, digits and underscore: what InnoDB's parser counts as word characters. */
const words = (q: string) => (q.match(/[\p{L}\p{M}\p{N}_]+/gu) ?? []).slice(0, MAX_WORDS);

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern (ESCAPE '!'). */
export const escapeLike = (text: string) => text.replace(/[!%_]/g, (c) => `!${c}`);

/** The match for a search query, or QUERY_TOO_SHORT when no word is long enough to search for. */
export function messageMatch(q: string): MessageMatch {
  const all = words(q);
  if (CJK.test(q)) {
    // Any CJK run is a word (one character may be one); other words still need the minimum length.
    const kept = all.filter((w) => CJK.test(w) || [...w].length >= MIN_WORD_LENGTH);
    if (kept.length > 0) return { kind: "substring", patterns: kept.map((w) => `%${escapeLike(w)}%`) };
  } else {
    const kept = all.filter((w) => [...w].length >= MIN_WORD_LENGTH && !STOPWORDS.has(w.toLowerCase()));
    // Every word required; the last one may be the start of a word (search as you type).
    if (kept.length > 0) return { kind: "fulltext", against: kept.map((w, i) => `+${w}${i === kept.length - 1 ? "*" : ""}`).join(" ") };
  }
  throw new ApiError(
    "QUERY_TOO_SHORT",
    `search for at least one word of ${MIN_WORD_LENGTH} or more characters (not a common word like "the")`,
  );
}
