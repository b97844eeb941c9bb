// How one group event changes the page's group model, and what the controller should do after it
// (notify, reload the member list, look up names). Unread and mention counts are the SDK's.
import type { GroupEvent } from "./live";
import { changesMembers } from "./group-notes";
import { addGroupNote, addReceipts, editGroupMessage, groupConv, recallGroupMessage, upsertGroupMessage } from "./group-state";
import { nameOf, type ChatState } from "./state";

export interface GroupEventOutcome {
  groupId: string;
  /** A sentence worth a notification. */
  notice?: string;
  /** The group is gone for me (I left or was removed, or it was dissolved) and was forgotten. */
  gone: boolean;
  /** Members or roles changed: a member list on show is stale. */
  membersChanged: boolean;
  /** People the event names, whose names may need looking up. */
  people: number[];
}

export function applyGroupEvent(state: ChatState, event: GroupEvent): GroupEventOutcome {
  const none = { gone: false, membersChanged: false, people: [] };
  switch (event.type) {
    case "group_message": {
      upsertGroupMessage(state, event.message);
      return { ...none, groupId: event.message.groupId, people: [event.message.from, ...event.message.mentions] };
    }
    case "group_change": {
      const { groupId, change: c, by, group } = event;
      const me = state.me.id;
      if (c.kind === "dissolved" || ((c.kind === "removed" || c.kind === "left") && c.uid === me)) {
        state.groups.delete(groupId);
        if (state.openGroup === groupId) state.openGroup = undefined;
        const notice =
          by === me
            ? undefined
            : c.kind === "dissolved"
              ? `${nameOf(state, by)} dissolved “${group.name}”`
              : `You were removed from “${group.name}”`;
        return { ...none, groupId, gone: true, notice };
      }
      groupConv(state, groupId).group = group;
      addGroupNote(state, groupId, { seq: event.seq, by, change: c, at: event.at });
      // A group someone else put me in is worth a notification (one I made is not).
      const addedMe = by !== me && (c.kind === "created" || (c.kind === "members_added" && c.uids.includes(me)));
      return {
        groupId,
        gone: false,
        notice: addedMe ? `${nameOf(state, by)} added you to “${group.name}”` : undefined,
        membersChanged: changesMembers(c),
        people: [by, ...(c.kind === "members_added" ? c.uids : "uid" in c ? [c.uid] : [])],
      };
    }
    case "group_recall":
      recallGroupMessage(state, event.groupId, event.messageId);
      return { ...none, groupId: event.groupId };
    case "group_edit":
      editGroupMessage(state, event.groupId, event.messageId, event.body, event.editedAt);
      return { ...none, groupId: event.groupId };
    case "group_receipts":
      addReceipts(groupConv(state, event.groupId), event.members, event.counts);
      return { ...none, groupId: event.groupId };
  }
}
