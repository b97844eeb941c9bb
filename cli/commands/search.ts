// `search-messages <words> [--limit N] [--more <cursor>]`: message search over your 1:1
// conversations and groups, newest first, one page per run; the next page's command is printed.
// (`search` itself finds users, as it always has.)
import type { MessageSearchHit } from "../../client";
import { openSession } from "../auth";
import type { Context } from "../context";
import { CLI, CliError, EXIT } from "../errors";
import { messageText } from "../format";
import { createNameBook } from "../names";

const SYNTAX = "search-messages <words> [--limit N] [--more <cursor>]";

/** `2026-11-30 14:05` in local time: hits span days, so the date matters. */
export function stamp(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function pageSize(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new CliError("--limit must be a whole number from 1 to 50.", EXIT.USAGE);
  return n;
}

/** Shell-quoted words for the "more" line, so it can be pasted as it is. */
const quoted = (words: string) => `'${words.replace(/'/g, `'\\''`)}'`;

export async function searchMessages(ctx: Context): Promise<void> {
  const q = ctx.args.join(" ").trim();
  if (!q) throw new CliError(`usage: ${CLI} ${SYNTAX}`, EXIT.USAGE);
  const limit = pageSize(ctx.flags.limit);
  const session = openSession(ctx);
  const reply = await session.call((http) => http.searchMessages(q, { limit, cursor: ctx.flags.more }));
  if (reply.hits.length === 0) return ctx.out(ctx.flags.more ? "No more messages match." : `No messages match "${q}".`);
  const [friends, groups] = await session.call((http) => Promise.all([http.listFriends(), http.listGroups()]));
  const names = createNameBook(session.session.user.id, friends, (ids) => session.call((http) => http.lookupUsers(ids)));
  await names.learn(reply.hits.flatMap((h) => (h.kind === "direct" ? [h.peerId, h.from] : [h.from])));
  const groupNames = new Map(groups.map((g) => [g.groupId, g.name]));
  const where = (h: MessageSearchHit) => (h.kind === "direct" ? names.name(h.peerId) : `#${groupNames.get(h.groupId) ?? h.groupId}`);
  for (const h of reply.hits) {
    // One line per hit: a multi-line message is joined so each hit stays greppable.
    const text = messageText(h.body, h.file).replace(/\s*\n\s*/g, " ");
    ctx.out(`[${stamp(h.sentAt)}] ${where(h)} ${names.name(h.from)}: ${text}${h.editedAt ? " (edited)" : ""}`);
  }
  if (reply.nextCursor) ctx.out(`more: ${CLI} search-messages ${quoted(q)}${limit ? ` --limit ${limit}` : ""} --more ${reply.nextCursor}`);
}
