// Messages in the group: post (idempotent by sender + clientMsgId, mentions, fan-out to every
// member including the sender's other devices) and recall.
import type { EventBody } from "../../protocol/events";
import type { StoredFile } from "../../protocol/files";
import type { GroupMessage } from "../../protocol/groups";
import { MAX_MESSAGE_CHARS } from "../../protocol/frames";
import { fail, isAdmin, memberAccess, type Failure } from "./access";
import type { NewGroupMessage } from "./api";
import { emitTo } from "./follow-ups";
import { appendMessage, markEdited, markRecalled, messageByClientId, messageById, parseMentions, toMessage, type LogRow } from "./log";
import { getMember, memberUids } from "./state";
import { queueGroupWrite } from "./write-behind";

type PostVerdict = { ok: true; message: GroupMessage; created: boolean } | Failure;

/**
 * Stores and fans out a message; the caller computed `bodyHash` (of the body and file id, async)
 * and looked up `file` (the sender's own upload, in MySQL) before the transaction.
 */
export function postMessage(sql: SqlStorage, input: NewGroupMessage & { file?: StoredFile }, bodyHash: string, now: number): PostVerdict {
  const access = memberAccess(sql, input.from);
  if (!access.ok) return access;
  if ((input.body.length === 0 && input.fileId === undefined) || input.body.length > MAX_MESSAGE_CHARS)
    return fail("VALIDATION_FAILED", `a message is 1 to ${MAX_MESSAGE_CHARS} characters, or a file with up to ${MAX_MESSAGE_CHARS}`);
  if (input.clientMsgId.length === 0 || input.clientMsgId.length > 64)
    return fail("VALIDATION_FAILED", "clientMsgId is 1 to 64 characters");
  const { s, me } = access;
  const previous = messageByClientId(sql, input.from, input.clientMsgId);
  if (previous) {
    if (previous.body_hash !== bodyHash) return fail("CLIENT_MSG_ID_REUSED", "this clientMsgId was used for a different message");
    return { ok: true, message: toMessage(s.groupId, previous), created: false };
  }
  if (input.fileId !== undefined && input.file?.id !== input.fileId) return fail("FILE_NOT_FOUND", "no file of yours with that id");
  const mentioned = parseMentions(input.body, input.from, (uid) => getMember(sql, uid) !== undefined, isAdmin(me));
  const { fileId: _fileId, ...fields } = input;
  const message = appendMessage(sql, s.groupId, { ...fields, bodyHash, ...mentioned }, now);
  const body: EventBody = { type: "group_message", message };
  emitTo(sql, memberUids(sql), `g:${s.groupId}:${message.seq}`, body);
  queueGroupWrite(sql, {
    op: "entry",
    entry: {
      groupId: s.groupId,
      seq: message.seq,
      kind: "message",
      messageId: message.messageId,
      senderId: message.from,
      clientMsgId: message.clientMsgId,
      body: message.body,
      mentions: message.mentions,
      mentionsAll: message.mentionsAll,
      change: null,
      fileId: message.file?.id ?? null,
      sentAt: now,
    },
  });
  return { ok: true, message, created: true };
}

/** The sender within the recall window, admins and the owner at any time; a second recall changes nothing. */
export function recallMessage(
  sql: SqlStorage,
  caller: number,
  messageId: string,
  windowMs: number,
  now: number,
  archived?: LogRow,
): { ok: true; changed: boolean } | Failure {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  // `archived`: MySQL's copy of a message pruned from the log (retention.ts).
  const row = messageById(sql, messageId) ?? archived;
  if (!row || row.kind !== "message" || row.seq <= access.me.joined_after_seq)
    return fail("MESSAGE_NOT_FOUND", "no such message in this group");
  if (row.sender !== caller && !isAdmin(access.me)) return fail("GROUP_FORBIDDEN", "only the sender or an admin can recall this message");
  if (row.recalled_at !== null) return { ok: true, changed: false };
  if (row.sender === caller && !isAdmin(access.me) && now - row.at > windowMs)
    return fail("RECALL_WINDOW_PASSED", `messages can be recalled within ${Math.round(windowMs / 1000)} s`);
  markRecalled(sql, messageId, now);
  const groupId = access.s.groupId;
  const body: EventBody = {
    type: "group_recall",
    groupId: groupId as GroupMessage["groupId"],
    messageId,
    seq: row.seq,
    by: caller,
    at: new Date(now).toISOString(),
  };
  emitTo(sql, memberUids(sql), `gx:${groupId}:${messageId}`, body);
  queueGroupWrite(sql, { op: "recall", messageId, at: now });
  return { ok: true, changed: true };
}

/**
 * The sender only, within the edit window, a message not recalled: the new body replaces the old
 * one (not kept) in the log and MySQL, and every member's devices get a `group_edit` event.
 * Mentions stay those of the original text.
 */
export function editMessage(
  sql: SqlStorage,
  caller: number,
  messageId: string,
  body: string,
  windowMs: number,
  now: number,
): { ok: true } | Failure {
  const access = memberAccess(sql, caller);
  if (!access.ok) return access;
  const row = messageById(sql, messageId);
  if (!row || row.kind !== "message" || row.seq <= access.me.joined_after_seq || row.recalled_at !== null)
    return fail("MESSAGE_NOT_FOUND", "no such message in this group");
  if (row.sender !== caller) return fail("GROUP_FORBIDDEN", "only the sender can edit this message");
  if (now - row.at > windowMs) return fail("EDIT_WINDOW_PASSED", "messages can only be edited within the edit window");
  markEdited(sql, messageId, body, now);
  const groupId = access.s.groupId;
  emitTo(sql, memberUids(sql), `gedit:${groupId}:${messageId}:${now}`, {
    type: "group_edit",
    groupId: groupId as GroupMessage["groupId"],
    messageId,
    seq: row.seq,
    body,
    editedAt: new Date(now).toISOString(),
  });
  queueGroupWrite(sql, { op: "edit", messageId, body, at: now });
  return { ok: true };
}
