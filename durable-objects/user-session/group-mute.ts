// Mute, kept per group in this user's object (my_groups.muted): a change goes to every device of
// theirs as a durable `group_muted` event, so the others show it at once rather than at the next
// hello (and a device that is away gets it queued).
import { myGroup, setMuted } from "./group-membership";
import type { ObjectServices } from "./object-services";

/** Mutes or unmutes a group for this user; false when they are not in it. A repeat changes and sends nothing. */
export async function muteGroup(s: ObjectServices, groupId: string, muted: boolean): Promise<boolean> {
  return s.commit(() => {
    const group = myGroup(s.sql, groupId);
    if (!group) return false;
    if (group.muted === muted) return true;
    setMuted(s.sql, groupId, muted);
    // Each change is its own event (mute, unmute, mute again): the key only has to be unique.
    s.emit(s.uid, `gmute:${groupId}:${crypto.randomUUID()}`, { type: "group_muted", groupId, muted });
    return true;
  });
}
