// The resilient client's view of this user's groups, for a UI: the group list with unread and
// mention counts (from hello, then kept current by group events and reads, on the same rules as
// the server: a muted group's unread does not grow, a mention counts anyway, our own messages
// never count), and "read by N of M" per own message from `group_receipts`. Pure bookkeeping.
import type { HelloFrame } from "../protocol/frames";
import type { Group, GroupRole, GroupUnread } from "../protocol/groups";
import type { ChatClientEventMap } from "./chat-client-types";
import type { ChatEventMap, EventHub } from "./chat-events";

/**
 * One group as a list row shows it. `group` is the full object and `role` ours, once a change
 * event or `adopt` (from `GET /v1/groups`) told them; hello does not carry them.
 */
export interface GroupSummary extends GroupUnread {
  group?: Group;
  role?: GroupRole;
}

/** What `adopt` takes: hello's rows, or `GET /v1/groups`' (which also carry the group and our role). */
export type GroupListEntry = GroupUnread & Partial<Group> & { role?: GroupRole };

/** Receipts kept per group: the newest seqs (a long session must not grow without bound). */
const RECEIPTS_KEPT = 500;

/** Receipts of one of our messages in a group: "read by `readBy` of `members`". */
export interface GroupMessageReceipts {
  seq: number;
  deliveredTo: number;
  readBy: number;
  /** Members other than the sender when the counts were taken. */
  members: number;
}

type GroupEvent = ChatEventMap["group_message" | "group_change" | "group_recall" | "group_receipts" | "group_read" | "group_muted"];

export interface GroupStore {
  /** Every group, most recent activity first: hello's (or `adopt`'s) order, then each message or change moves its group up. */
  list(): GroupSummary[];
  get(groupId: string): GroupSummary | undefined;
  receipts(groupId: string, seq: number): GroupMessageReceipts | undefined;
  /** Takes the list and counts a hello carries (each connection's hello is current). */
  fromHello(hello: HelloFrame): void;
  /** Replaces the list, e.g. with `GET /v1/groups` after a mute or a create over HTTP. */
  adopt(groups: GroupListEntry[]): void;
  /** Applies one group event; true when the list or a receipt changed. */
  apply(event: GroupEvent): boolean;
  /** This device read the group up to `upToSeq`. True when a count changed. */
  read(groupId: string, upToSeq: number): boolean;
}

/** Counts for one group: what hello said (up to its lastSeq), plus each unread message seen since. */
interface Counts {
  base: { unread: number; mentions: number; upToSeq: number };
  /** seq -> what that unread message counts for (a muted group's count only as mentions). */
  since: Map<number, { unread: boolean; mention: boolean }>;
}

const isGroup = (g: Partial<Group>): g is Group => typeof g.ownerId === "number" && typeof g.createdAt === "string";

export function createGroupStore(): GroupStore {
  let me = 0;
  const groups = new Map<string, GroupSummary>();
  const counts = new Map<string, Counts>();
  const receipts = new Map<string, Map<number, GroupMessageReceipts>>();
  /** groupId -> when it was last active, as a counter: higher is more recent. */
  const activity = new Map<string, number>();
  let clock = 0;
  const touch = (groupId: string) => void activity.set(groupId, ++clock);

  function put(g: GroupUnread): void {
    const { groupId, name, unread, mentions, lastSeq, muted } = g;
    groups.set(groupId, { groupId, name, unread, mentions, lastSeq, muted });
    counts.set(groupId, { base: { unread, mentions, upToSeq: lastSeq }, since: new Map() });
  }

  function recount(groupId: string): void {
    const row = groups.get(groupId);
    const c = counts.get(groupId);
    if (!row || !c) return;
    let unread = c.base.unread;
    let mentions = c.base.mentions;
    for (const entry of c.since.values()) {
      if (entry.unread) unread++;
      if (entry.mention) mentions++;
    }
    groups.set(groupId, { ...row, unread, mentions });
  }

  function readUpTo(groupId: string, upToSeq: number): boolean {
    const c = counts.get(groupId);
    const row = groups.get(groupId);
    if (!c || !row) return false;
    const before = `${row.unread}/${row.mentions}`;
    // A read below hello's lastSeq cannot say which of hello's unread it covers: those stay.
    if (upToSeq >= c.base.upToSeq) c.base = { unread: 0, mentions: 0, upToSeq: c.base.upToSeq };
    for (const seq of [...c.since.keys()]) if (seq <= upToSeq) c.since.delete(seq);
    recount(groupId);
    const after = groups.get(groupId)!;
    return `${after.unread}/${after.mentions}` !== before;
  }

  function onMessage({ message: m }: ChatEventMap["group_message"]): boolean {
    const row = groups.get(m.groupId);
    if (!row) return false; // not (or no longer) a member: the server sends nothing after a departure
    groups.set(m.groupId, { ...row, lastSeq: Math.max(row.lastSeq, m.seq) });
    touch(m.groupId);
    const c = counts.get(m.groupId)!;
    if (m.from !== me && m.seq > c.base.upToSeq && !c.since.has(m.seq)) {
      const mention = m.mentionsAll || m.mentions.includes(me);
      if (!row.muted || mention) c.since.set(m.seq, { unread: !row.muted, mention });
      recount(m.groupId);
    }
    return true;
  }

  function onChange(e: ChatEventMap["group_change"]): boolean {
    const c = e.change;
    const gone = c.kind === "dissolved" || ((c.kind === "left" || c.kind === "removed") && c.uid === me);
    if (gone) {
      receipts.delete(e.groupId);
      counts.delete(e.groupId);
      activity.delete(e.groupId);
      return groups.delete(e.groupId);
    }
    let row = groups.get(e.groupId);
    if (!row) {
      // A join (or any change of a group we did not know yet): it starts read from here.
      put({ groupId: e.groupId, name: e.group.name, unread: 0, mentions: 0, lastSeq: e.seq, muted: false });
      row = { ...groups.get(e.groupId)!, role: "member" };
    }
    const role = roleAfter(e, row.role);
    groups.set(e.groupId, { ...row, name: e.group.name, lastSeq: Math.max(row.lastSeq, e.seq), group: e.group, role });
    touch(e.groupId);
    return true;
  }

  /** Our role after a change, as far as the change tells (undefined: not known yet). */
  function roleAfter(e: ChatEventMap["group_change"], before: GroupRole | undefined): GroupRole | undefined {
    const c = e.change;
    if (e.group.ownerId === me) return "owner";
    if (c.kind === "role" && c.uid === me) return c.role;
    if (c.kind === "owner" && c.previous === me) return "admin";
    return before;
  }

  /** Muted on another device: messages from now on count as the server counts them (no unread while muted). */
  function onMuted(e: ChatEventMap["group_muted"]): boolean {
    const row = groups.get(e.groupId);
    if (!row || row.muted === e.muted) return false;
    groups.set(e.groupId, { ...row, muted: e.muted });
    return true;
  }

  function onRecall(e: ChatEventMap["group_recall"]): boolean {
    const c = counts.get(e.groupId);
    if (!c?.since.delete(e.seq)) return false;
    recount(e.groupId);
    return true;
  }

  function onReceipts(e: ChatEventMap["group_receipts"]): boolean {
    if (!groups.has(e.groupId)) return false;
    const bySeq = receipts.get(e.groupId) ?? new Map<number, GroupMessageReceipts>();
    receipts.set(e.groupId, bySeq);
    for (const { seq, deliveredTo, readBy } of e.counts) {
      const old = bySeq.get(seq);
      // Counts only grow; an update that crossed a newer one on the way must not move them back.
      bySeq.set(seq, {
        seq,
        deliveredTo: Math.max(deliveredTo, old?.deliveredTo ?? 0),
        readBy: Math.max(readBy, old?.readBy ?? 0),
        members: e.members,
      });
    }
    for (const seq of bySeq.keys()) {
      if (bySeq.size <= RECEIPTS_KEPT) break;
      bySeq.delete(seq); // insertion order: the oldest first
    }
    return true;
  }

  function adopt(list: GroupListEntry[]): void {
    const known = new Map(groups);
    groups.clear();
    counts.clear();
    activity.clear();
    // The list comes most recent first (hello, GET /v1/groups): the first gets the highest mark.
    clock += list.length;
    list.forEach((g, index) => activity.set(g.groupId, clock - index));
    for (const g of list) {
      put(g);
      const { groupId, name, unread, mentions, muted, role, ...rest } = g;
      // A GET /v1/groups row is a whole group; a hello row keeps what events told us before.
      const candidate: Partial<Group> = { groupId, name, ...rest };
      const full = isGroup(candidate) ? candidate : known.get(groupId)?.group;
      groups.set(groupId, { ...groups.get(groupId)!, group: full, role: role ?? known.get(groupId)?.role });
    }
    for (const id of [...receipts.keys()]) if (!groups.has(id)) receipts.delete(id);
  }

  return {
    list: () => [...groups.values()].sort((a, b) => (activity.get(b.groupId) ?? 0) - (activity.get(a.groupId) ?? 0)),
    get: (groupId) => groups.get(groupId),
    receipts: (groupId, seq) => receipts.get(groupId)?.get(seq),
    fromHello(hello) {
      me = hello.uid;
      adopt(hello.groups);
    },
    adopt,
    apply(event) {
      switch (event.type) {
        case "group_message":
          return onMessage(event);
        case "group_change":
          return onChange(event);
        case "group_recall":
          return onRecall(event);
        case "group_receipts":
          return onReceipts(event);
        case "group_read":
          return readUpTo(event.groupId, event.upToSeq);
        case "group_muted":
          return onMuted(event);
      }
    },
    read: readUpTo,
  };
}

const GROUP_EVENTS = ["group_message", "group_change", "group_recall", "group_receipts", "group_read", "group_muted"] as const;

/**
 * A group store fed by the client's hub: it takes each group event before any listener the app
 * added (it subscribes first), and emits `groups` whenever an event, a read or `adopt` changed
 * the list or a count.
 */
export function trackGroups(hub: EventHub<ChatClientEventMap>): GroupStore {
  const store = createGroupStore();
  const changed = (didChange: boolean) => {
    if (didChange) hub.emit({ type: "groups", groups: store.list() });
    return didChange;
  };
  for (const type of GROUP_EVENTS) hub.on(type, (event) => changed(store.apply(event)));
  return {
    ...store,
    apply: (event) => changed(store.apply(event)),
    // No `groups` event for a hello: the `state` event (open) that follows says the list was replaced.
    fromHello: store.fromHello,
    adopt: (list) => void changed((store.adopt(list), true)),
    read: (groupId, upToSeq) => changed(store.read(groupId, upToSeq)),
  };
}
