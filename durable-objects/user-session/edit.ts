// `edit`: the sender replaces the text of a message within the edit window. The conversation's
// owner decides (sender, window, not recalled), updates its log and MySQL (write-behind), and
// sends an `edit` event to both sides' devices (durable, queued).
import type { ClientFrame } from "../../protocol/frames";
import { findSent } from "./conversation-state";
import type { ObjectServices } from "./object-services";
import { OwnerUnreachable, toOwner } from "./owner-route";

/** An edit refused, sent as an error frame. */
export class EditRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function handleEdit(s: ObjectServices, frame: Extract<ClientFrame, { type: "edit" }>): Promise<void> {
  if (frame.groupId !== undefined) return editInGroup(s, frame.groupId, frame.messageId, frame.body);
  const sent = findSent(s.sql, { messageId: frame.messageId });
  if (!sent) throw new EditRefused("MESSAGE_NOT_FOUND", "no message of yours with that id");
  const verdict = await toOwner(s, sent.recipient)
    .edit(frame.messageId, s.uid, frame.body)
    .catch((err: unknown) => {
      if (err instanceof OwnerUnreachable) throw err;
      console.error(JSON.stringify({ level: "warn", what: "edit", error: String(err) }));
      throw new EditRefused("DELIVERY_FAILED", "the edit was not stored; retry");
    });
  if (!verdict.ok)
    throw new EditRefused(
      verdict.code,
      verdict.code === "EDIT_WINDOW_PASSED" ? "messages can only be edited within the edit window" : "message not found",
    );
}

/** The group's object decides: member, sender, window, not recalled. */
async function editInGroup(s: ObjectServices, groupId: string, messageId: string, body: string): Promise<void> {
  const verdict = await s
    .groupStub(groupId)
    .edit(s.uid, messageId, body)
    .catch((err: unknown) => {
      console.error(JSON.stringify({ level: "warn", what: "group edit", error: String(err) }));
      throw new EditRefused("DELIVERY_FAILED", "the group did not answer; retry");
    });
  if (!verdict.ok) throw new EditRefused(verdict.code, verdict.message);
}
