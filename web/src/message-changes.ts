// Changes to messages already stored, for the 1:1 and group views: editing my own text (within
// the edit window; the server refuses later with EDIT_WINDOW_PASSED, shown as a toast) and
// "delete for me" of one message or a whole conversation. Each applies here at once on success;
// the durable edit / group_edit / hidden events bring the same change to the other devices.
import { QChatError, type ChatClient } from "../../client";
import { describeError } from "./dom";
import { editGroupMessage, hideGroupEntries, type GroupMsg } from "./group-state";
import { conversation, hideMessages, type ChatState, type Msg } from "./state";
import { toast } from "./toast";

/** The server's EDIT_WINDOW_PASSED, in words (its window is configurable, so no number here). */
export const TOO_LATE = "It is too late to edit this message: messages can only be edited for a while after they are sent.";

export interface MessageChangesDeps {
  state: ChatState;
  client: () => ChatClient;
  changed: () => void;
}

export type MessageChanges = ReturnType<typeof createMessageChanges>;

export function createMessageChanges({ state, client, changed }: MessageChangesDeps) {
  const now = () => new Date(Date.now() + state.skewMs).toISOString();
  const peerOf = (msg: Msg) => (msg.from === state.me.id ? msg.to : msg.from);

  /** Runs a change; a refusal becomes an error toast and false. */
  async function attempt(run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (err) {
      toast(err instanceof QChatError && err.code === "EDIT_WINDOW_PASSED" ? TOO_LATE : describeError(err), "error");
      return false;
    } finally {
      changed();
    }
  }

  return {
    /** Replaces the text of my message; resolves false when refused (window passed, recalled). */
    edit: (msg: Msg, body: string) =>
      attempt(async () => {
        if (!msg.messageId) return;
        await client().edit(msg.messageId, body);
        const current = conversation(state, peerOf(msg)).messages.get(msg.key);
        if (current && !current.recalled) Object.assign(current, { body, editedAt: now() });
      }),
    editInGroup: (groupId: string, msg: GroupMsg, body: string) =>
      attempt(async () => {
        if (!msg.messageId) return;
        await client().editInGroup(groupId, msg.messageId, body);
        editGroupMessage(state, groupId, msg.messageId, body, now());
      }),
    /** "Delete for me": gone from all of my devices, still there for the other side. */
    hide: (msg: Msg) =>
      attempt(async () => {
        if (!msg.messageId) return;
        await client().hide({ peerId: peerOf(msg) }, msg.messageId);
        hideMessages(conversation(state, peerOf(msg)), { messageId: msg.messageId });
      }),
    hideInGroup: (groupId: string, msg: GroupMsg) =>
      attempt(async () => {
        if (!msg.messageId) return;
        await client().hide({ groupId }, msg.messageId);
        hideGroupEntries(state, groupId, { messageId: msg.messageId });
      }),
    /** "Clear conversation": every message so far, for me only; new ones show as usual. */
    clear: (peerId: number) =>
      attempt(async () => {
        await client().hide({ peerId });
        const conv = conversation(state, peerId);
        hideMessages(conv, { upToSeq: Math.max(0, ...[...conv.messages.values()].map((m) => m.seq ?? 0)) });
      }),
    clearGroup: (groupId: string) =>
      attempt(async () => {
        await client().hide({ groupId });
        const conv = state.groups.get(groupId);
        hideGroupEntries(state, groupId, { upToSeq: Math.max(0, ...[...(conv?.entries.values() ?? [])].map((e) => e.seq ?? 0)) });
      }),
  };
}
