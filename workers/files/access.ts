// Who may read a file: its uploader, and the participants of a conversation whose message
// (not recalled) carries it; a thumbnail goes with its original. MySQL answers for messages
// written behind; a message not written yet is answered by its conversation's object, which the
// request names with `?in=<peer uid | group id>`.
import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { conversationOwner } from "../../durable-objects/user-session/conversation-log";
import { files, groupMembers, groupMessages, messages, type FileRow } from "../../schema";
import type { Db } from "../lib/db";
import { groupRoom } from "../lib/group-room";
import { userSession } from "../lib/user-session";
import { isGroupId } from "../groups/ids";

/** The file itself and the originals it is the thumbnail of. */
async function accessSubjects(db: Db, file: FileRow): Promise<string[]> {
  const originals = await db
    .select({ id: files.id })
    .from(files)
    .where(and(eq(files.thumbnailId, file.id), isNull(files.deletedAt)));
  return [file.id, ...originals.map((o) => o.id)];
}

async function inMysqlConversation(db: Db, caller: number, ids: string[]): Promise<boolean> {
  const [direct, group] = await Promise.all([
    db
      .select({ one: sql<number>`1` })
      .from(messages)
      .where(
        and(
          inArray(messages.fileId, ids),
          ne(messages.status, "recalled"),
          or(eq(messages.senderId, caller), eq(messages.recipientId, caller)),
        ),
      )
      .limit(1),
    db
      .select({ one: sql<number>`1` })
      .from(groupMessages)
      .innerJoin(groupMembers, and(eq(groupMembers.groupId, groupMessages.groupId), eq(groupMembers.userId, caller)))
      .where(
        and(
          inArray(groupMessages.fileId, ids),
          isNull(groupMessages.recalledAt),
          sql`${groupMessages.seq} > ${groupMembers.joinedAfterSeq}`,
        ),
      )
      .limit(1),
  ]);
  return direct.length > 0 || group.length > 0;
}

/** Asks the named conversation's object about a message MySQL may not have yet. */
async function inObjectConversation(env: Env, caller: number, ids: string[], conversation: string): Promise<boolean> {
  let ask: (fileId: string) => Promise<boolean>;
  if (isGroupId(conversation)) {
    const room = groupRoom(env, conversation);
    ask = (fileId) => room.fileAccess(caller, fileId);
  } else if (/^[1-9]\d{8}$/.test(conversation) && Number(conversation) !== caller) {
    const peer = Number(conversation);
    const ownerUid = conversationOwner(caller, peer);
    // As for history: a peer's object is woken only for someone the caller's own object knows,
    // so random uids in `in` create no objects.
    if (ownerUid !== caller && !(await userSession(env, caller).knowsPeer(peer))) return false;
    const owner = userSession(env, ownerUid);
    ask = (fileId) => owner.fileAccess(caller, fileId);
  } else {
    return false;
  }
  const answers = await Promise.all(ids.map(ask));
  return answers.some(Boolean);
}

export async function canRead(db: Db, env: Env, caller: number, file: FileRow, conversation?: string): Promise<boolean> {
  if (file.uploaderId === caller) return true;
  const ids = await accessSubjects(db, file);
  if (await inMysqlConversation(db, caller, ids)) return true;
  return conversation !== undefined && inObjectConversation(env, caller, ids, conversation);
}
