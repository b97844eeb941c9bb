// "Delete for me" across all of a user's conversations at once, for message search (which spans
// every conversation): the same tables hidden.ts writes, read in two queries.
import type { HiddenFilter } from "./hidden";

/** Every conversation with something hidden, keyed like the hidden tables (1:1 key or group id). */
export function hiddenEverywhere(sql: SqlStorage): Record<string, HiddenFilter> {
  const filters: Record<string, HiddenFilter> = {};
  const of = (conversation: string) => (filters[conversation] ??= { messageIds: [], upToSeq: 0 });
  for (const r of sql.exec<{ conversation: string; message_id: string }>("SELECT conversation, message_id FROM hidden_messages")) {
    of(r.conversation).messageIds.push(r.message_id);
  }
  for (const r of sql.exec<{ conversation: string; up_to_seq: number }>("SELECT conversation, up_to_seq FROM hidden_upto")) {
    of(r.conversation).upToSeq = r.up_to_seq;
  }
  return filters;
}
