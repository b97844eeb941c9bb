// "Delete for me": messages or whole conversations this user hid, on all of their devices and
// only for them. Kept in this user's object (hidden_messages, hidden_upto); history routes ask for
// a conversation's filter when serving a page. The other side's view never changes.
import type { ClientFrame } from "../../protocol/frames";
import { conversationKey } from "./conversation-log";
import { hasConversationWith } from "./conversation-state";
import { isFriend } from "./friend-cache";
import { myGroup } from "./group-membership";
import type { ObjectServices } from "./object-services";

/** A hide refused (a conversation this user is not in), sent as an error frame. */
export class HideRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What history leaves out of one conversation for this user. */
export interface HiddenFilter {
  messageIds: string[];
  /** Everything at or below this seq (0: nothing). */
  upToSeq: number;
}

/** The key of a conversation in the hidden tables: the 1:1 key, or the group's id. */
export const hiddenKey = (me: number, target: { peerId: number } | { groupId: string }) =>
  "peerId" in target ? conversationKey(me, target.peerId) : target.groupId;

/** The newest seq this user's object knows of the conversation: what "hide all" covers. */
function lastSeqOf(s: ObjectServices, frame: Extract<ClientFrame, { type: "hide" }>): number {
  if (frame.peerId !== undefined) {
    const row = s.sql.exec<{ last_seq: number }>("SELECT last_seq FROM conv_state WHERE peer = ?", frame.peerId).toArray()[0];
    return row?.last_seq ?? 0;
  }
  return myGroup(s.sql, frame.groupId!)?.lastSeq ?? 0;
}

/** `hide`: stored, then a `hidden` event to this user's own devices (durable, queued). */
export async function handleHide(s: ObjectServices, frame: Extract<ClientFrame, { type: "hide" }>): Promise<void> {
  if (frame.peerId !== undefined && !isFriend(s.sql, frame.peerId) && !hasConversationWith(s.sql, frame.peerId))
    throw new HideRefused("CONVERSATION_NOT_FOUND", "no friendship or conversation with this user");
  if (frame.groupId !== undefined && !myGroup(s.sql, frame.groupId)) throw new HideRefused("GROUP_NOT_FOUND", "no such group");
  const target = frame.peerId !== undefined ? { peerId: frame.peerId } : { groupId: frame.groupId! };
  const key = hiddenKey(s.uid, target);
  const at = new Date().toISOString();
  await s.commit(() => {
    if (frame.messageId !== undefined) {
      s.sql.exec("INSERT OR IGNORE INTO hidden_messages (conversation, message_id) VALUES (?, ?)", key, frame.messageId);
      s.emit(s.uid, `hide:${key}:${frame.messageId}`, { type: "hidden", ...target, messageId: frame.messageId, at });
      return;
    }
    const upToSeq = lastSeqOf(s, frame);
    s.sql.exec(
      "INSERT INTO hidden_upto (conversation, up_to_seq) VALUES (?, ?) ON CONFLICT (conversation) DO UPDATE SET up_to_seq = MAX(up_to_seq, excluded.up_to_seq)",
      key,
      upToSeq,
    );
    s.emit(s.uid, `hide:${key}:upto:${upToSeq}`, { type: "hidden", ...target, upToSeq, at });
  });
}

export function hiddenFilter(sql: SqlStorage, conversation: string): HiddenFilter {
  const messageIds = sql
    .exec<{ message_id: string }>("SELECT message_id FROM hidden_messages WHERE conversation = ?", conversation)
    .toArray()
    .map((r) => r.message_id);
  const upTo = sql.exec<{ up_to_seq: number }>("SELECT up_to_seq FROM hidden_upto WHERE conversation = ?", conversation).toArray()[0];
  return { messageIds, upToSeq: upTo?.up_to_seq ?? 0 };
}

/** Whether history shows an entry to this user. */
export function isShown(filter: HiddenFilter, entry: { seq: number; messageId: string | null }): boolean {
  return entry.seq > filter.upToSeq && (entry.messageId === null || !filter.messageIds.includes(entry.messageId));
}
