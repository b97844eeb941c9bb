// The conversation list as the user sees it after "delete for me": a last message they hid is
// replaced by the newest one still shown (read like a one-entry history page, full-page.ts), and a
// conversation with nothing shown is left out until a new message arrives. Edits need nothing here:
// MySQL's row (1:1) and the user object's group row (group_edit events) carry the latest text.
import { hiddenKey, isShown, type HiddenFilter } from "../../durable-objects/user-session/hidden";
import type { MyGroup } from "../../durable-objects/user-session/group-membership";
import type { GroupHistoryEntry } from "../../protocol/groups";
import type { GroupLastMessage, HistoryMessage } from "../../protocol/history";
import { groupPages } from "../groups/history";
import type { Db } from "../lib/db";
import { shownPage } from "./full-page";
import { oneToOnePages } from "./history";

/** Hidden filters by conversation key (1:1 key or group id), as the user's object keeps them. */
export type HiddenByConversation = Record<string, HiddenFilter>;

/** Each conversation's newest shown message (most recent first); conversations with none are left out. */
export async function shownLatest(db: Db, env: Env, me: number, latest: HistoryMessage[], hidden: HiddenByConversation) {
  const shown = await Promise.all(
    latest.map(async (m) => {
      const filter = hidden[m.conversation];
      if (!filter || isShown(filter, m)) return m;
      const peer = m.from === me ? m.to : m.from;
      const page = await shownPage(oneToOnePages(db, env, me, peer), filter, m.seq, 1);
      return page.entries[0];
    }),
  );
  return shown.filter((m) => m !== undefined).sort((x, y) => Date.parse(y.sentAt) - Date.parse(x.sentAt));
}

function toLastMessage(e: GroupHistoryEntry): GroupLastMessage {
  return {
    messageId: e.messageId!,
    seq: e.seq,
    from: e.from,
    body: e.body,
    ...(e.file ? { file: e.file } : {}),
    sentAt: e.sentAt,
    ...(e.editedAt ? { editedAt: e.editedAt } : {}),
  };
}

/** Groups with their newest shown message; a group whose messages are all hidden is left out. */
export async function groupsShown(db: Db, env: Env, me: number, groups: MyGroup[], hidden: HiddenByConversation): Promise<MyGroup[]> {
  const shown = await Promise.all(
    groups.map(async (g) => {
      const filter = hidden[hiddenKey(me, { groupId: g.groupId })];
      const last = g.lastMessage;
      if (!filter || !last || isShown(filter, last)) return g;
      const page = await shownPage(groupPages(env, db, g.groupId, me), filter, last.seq, 1, (e) => e.kind === "message").catch(
        () => undefined,
      );
      // The group did not answer: no message rather than a hidden one.
      if (!page) return { ...g, lastMessage: null };
      const newest = page.entries[0];
      return newest ? { ...g, lastMessage: toLastMessage(newest) } : undefined;
    }),
  );
  return shown.filter((g) => g !== undefined);
}
