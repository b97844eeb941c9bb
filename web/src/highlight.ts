// The words of a search, marked in a message's text. Built from text nodes and <mark> elements
// only: the text is another person's, so nothing of it is ever parsed as HTML.
import { h } from "./dom";

/** The words of a query as MySQL's FULLTEXT sees them, without its operators (+word, "phrase", word*). */
export function queryWords(q: string): string[] {
  return [...new Set(q.toLowerCase().match(/[\p{L}\p{N}_']+/gu) ?? [])].filter((w) => w.length > 0);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `text` as nodes, each occurrence of a word (any case, at a word's start) inside a <mark>. */
export function highlight(text: string, words: string[]): Node[] {
  if (words.length === 0) return [document.createTextNode(text)];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(${words.map(escapeRegExp).join("|")})`, "giu");
  const nodes: Node[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    nodes.push(h("mark", {}, match[0]));
    at = start + match[0].length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}
