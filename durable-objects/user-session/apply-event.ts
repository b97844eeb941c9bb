// Applies one durable event to this user's state: appends it to the stream (once per key) and
// updates what the event implies (conversation state, groups, friend and request caches).
import type { EventBody, UserEvent } from "../../protocol/events";
import { recordMessage, forgetUnread } from "./conversation-state";
import { appendEvent } from "./event-stream";
import { applyGroupChange, applyGroupEdit, applyGroupMessage, applyGroupRecall, markGroupRead } from "./group-membership";
import { removeFriend, upsertFriend } from "./friend-cache";
import { dropRequest, dropRequestsWith, upsertRequest } from "./request-cache";

export function applyEvent(sql: SqlStorage, me: number, key: string, body: EventBody): UserEvent | undefined {
  const event = appendEvent(sql, key, body);
  if (!event) return undefined;
  switch (body.type) {
    case "message":
      recordMessage(sql, me, body.message);
      break;
    case "recall":
      if (body.by !== me) forgetUnread(sql, body.by, body.seq);
      break;
    case "friend_request":
      upsertRequest(sql, me, body.request);
      break;
    case "friend_request_rejected":
      dropRequest(sql, body.request.id);
      break;
    case "friend_added":
      upsertFriend(sql, body.friend);
      dropRequestsWith(sql, me, body.friend.id);
      break;
    case "friend_removed":
      removeFriend(sql, body.friendId);
      break;
    case "group_message":
      applyGroupMessage(sql, me, body.message);
      break;
    case "group_change":
      applyGroupChange(sql, me, body);
      break;
    case "group_recall":
      applyGroupRecall(sql, body);
      break;
    case "group_edit":
      applyGroupEdit(sql, body);
      break;
    case "group_read":
      markGroupRead(sql, body.groupId, body.upToSeq);
      break;
  }
  return event;
}
