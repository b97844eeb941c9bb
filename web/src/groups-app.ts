// The group half of the page's controller: opening a group (its history, members and receipts),
// sending with the SDK's outbox, reads, recall, the owner's and admins' changes, invites, mute,
// and what each group event changes. Views call these; they never fetch.
import {
  CLIENT_ERROR,
  QChatError,
  type ChatClient,
  type GroupSummary,
  type HttpClient,
  type StoredFile,
  type UpdateGroupInput,
} from "../../client";
import { describeError } from "./dom";
import { applyGroupEvent } from "./group-events";
import {
  addGroupHistory,
  addGroupPending,
  addReceipts,
  groupConv,
  lastGroupSeq,
  recallGroupMessage,
  unackedGroupMessages,
  upsertGroupMessage,
  type GroupMsg,
} from "./group-state";
import type { GroupEvent } from "./live";
import { createNameLookup, findName } from "./name-lookup";
import type { ChatState } from "./state";
import { toast } from "./toast";

/** History page size, as for 1:1. */
const GROUP_PAGE = 30;
/** The receipts route takes up to 100 seqs. */
const RECEIPTS_MAX = 100;

export interface GroupsDeps {
  state: ChatState;
  http: HttpClient;
  client: () => ChatClient;
  /** An API call with a fresh token (ends the session on a lasting 401). */
  api: <T>(run: () => Promise<T>) => Promise<T>;
  changed: () => void;
  connected: () => boolean;
}

export type GroupsApp = ReturnType<typeof createGroupsApp>;

/** `https://host/#join=<token>`, or the bare token. */
export const inviteLink = (token: string): string => `${location.origin}/#join=${encodeURIComponent(token)}`;
export const tokenOfInvite = (text: string): string => decodeURIComponent(text.trim().replace(/^.*#join=/, ""));

export function createGroupsApp({ state, http, client, api, changed, connected }: GroupsDeps) {
  const loading = new Set<string>();
  const inFlight = new Set<string>();
  /** Highest seq a group_read went out for (cleared on reconnect). */
  const readSent = new Map<string, number>();

  const names = createNameLookup({
    find: (uid) => findName(http, api, uid),
    found(uid, name) {
      state.names.set(uid, name);
      changed();
    },
    known: (uid) => uid === state.me.id || state.friends.has(uid),
  });
  const learnNames = names.learn;
  const relearnNames = names.relearn;

  function markRead(groupId: string | undefined): void {
    if (groupId === undefined || groupId !== state.openGroup || !connected() || document.visibilityState !== "visible") return;
    const upTo = lastGroupSeq(groupConv(state, groupId));
    const summary = client().group(groupId);
    if (upTo <= 0 || (upTo <= (readSent.get(groupId) ?? 0) && !summary?.unread && !summary?.mentions)) return;
    readSent.set(groupId, upTo);
    client()
      .readGroup(groupId, upTo)
      .then(changed, () => readSent.delete(groupId));
  }

  async function transmit(groupId: string, msg: GroupMsg): Promise<void> {
    if (msg.body === null || !msg.clientMsgId || inFlight.has(msg.key)) return;
    inFlight.add(msg.key);
    try {
      const sent = await client().sendToGroup(groupId, msg.body, { clientMsgId: msg.clientMsgId, fileId: msg.file?.id });
      const mine = state.groups.get(groupId)?.entries.get(`s:${sent.seq}`);
      upsertGroupMessage(state, {
        groupId,
        messageId: sent.messageId,
        seq: sent.seq,
        from: state.me.id,
        clientMsgId: msg.clientMsgId,
        body: msg.body,
        // The echo (group_message) carries the mentions the server found; until it comes, the expected ones.
        mentions: mine?.kind === "message" ? mine.mentions : msg.mentions,
        mentionsAll: mine?.kind === "message" ? mine.mentionsAll : msg.mentionsAll,
        file: msg.file,
        sentAt: sent.sentAt,
      });
    } catch (err) {
      if (err instanceof QChatError && err.code === CLIENT_ERROR.STOPPED) return; // goes out after the next hello
      const current = state.groups.get(groupId)?.entries.get(msg.key);
      if (current?.kind === "message") current.error = describeError(err);
    } finally {
      inFlight.delete(msg.key);
      changed();
    }
  }

  async function loadReceipts(groupId: string): Promise<void> {
    const conv = groupConv(state, groupId);
    const seqs = [...conv.entries.values()]
      .filter((e) => e.kind === "message" && e.from === state.me.id && e.seq !== undefined && !e.recalled)
      .map((e) => e.seq!)
      .sort((a, b) => b - a)
      .slice(0, RECEIPTS_MAX);
    if (seqs.length === 0) return;
    const reply = await api(() => http.groupReceipts(groupId, seqs));
    addReceipts(conv, reply.members, reply.counts);
  }

  async function loadOlder(groupId: string): Promise<void> {
    const conv = groupConv(state, groupId);
    if (conv.nextBefore === null || loading.has(groupId)) return;
    loading.add(groupId);
    try {
      const page = await api(() => http.groupHistory(groupId, { before: conv.nextBefore ?? undefined, limit: GROUP_PAGE }));
      addGroupHistory(state, groupId, page.entries, page.nextBefore);
      learnNames(page.entries.flatMap((e) => [e.from, ...e.mentions, ...(e.change && "uid" in e.change ? [e.change.uid] : [])]));
      await loadReceipts(groupId);
    } catch (err) {
      toast(`Could not load the group's history: ${describeError(err)}`, "error");
    } finally {
      loading.delete(groupId);
      changed();
    }
  }

  async function loadMembers(groupId: string): Promise<void> {
    const [reply, members] = await Promise.all([api(() => http.getGroup(groupId)), api(() => http.listGroupMembers(groupId))]);
    const conv = groupConv(state, groupId);
    Object.assign(conv, { group: reply.group, role: reply.role, members });
    learnNames(members.map((m) => m.uid));
    changed();
  }

  /** The group is gone for me (left, removed, dissolved): forget it and close it if open. */
  function forget(groupId: string): void {
    state.groups.delete(groupId);
    readSent.delete(groupId);
    if (state.openGroup === groupId) state.openGroup = undefined;
  }

  /** After a change over HTTP: the SDK's list (counts, mute) from the server's own view. */
  async function refreshList(): Promise<void> {
    client().adoptGroups(await api(() => http.listGroups()));
  }

  /** Runs a change; failures become an error toast, and the member list is reloaded after it. */
  async function change(groupId: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await api(run);
      if (state.groups.has(groupId)) await loadMembers(groupId);
    } catch (err) {
      toast(describeError(err), "error");
    }
    changed();
  }

  /** Shows the group (closing any 1:1 conversation), loading its history and members the first time. */
  async function open(groupId: string | undefined): Promise<void> {
    state.openGroup = groupId;
    if (groupId !== undefined) state.openPeer = undefined;
    changed();
    if (groupId === undefined) return;
    const conv = groupConv(state, groupId);
    await Promise.all([
      conv.nextBefore === undefined ? loadOlder(groupId) : undefined,
      conv.members === undefined ? loadMembers(groupId).catch((err: unknown) => toast(describeError(err), "error")) : undefined,
    ]);
    markRead(groupId);
  }

  /** Applies one group event; returns a sentence worth a notification, if any. */
  function onEvent(event: GroupEvent): string | undefined {
    const outcome = applyGroupEvent(state, event);
    learnNames(outcome.people);
    if (outcome.gone) readSent.delete(outcome.groupId);
    else if (outcome.membersChanged && state.groups.get(outcome.groupId)?.members) void loadMembers(outcome.groupId).catch(() => undefined);
    if (outcome.groupId === state.openGroup && event.type !== "group_receipts") markRead(outcome.groupId);
    return outcome.notice;
  }

  return {
    isLoading: (groupId: string) => loading.has(groupId),
    loadOlder,
    /** Looks up the names of people who are not friends (once each). */
    learnNames,
    /** Looks them up again: people who just stopped being friends (their account may be deleted). */
    relearnNames,
    markRead,
    onEvent,
    /** After every hello: reads go out again, my unacked messages are re-sent, departed groups go. */
    onHello(): void {
      readSent.clear();
      const known = new Set(client().groups.map((g) => g.groupId));
      for (const id of [...state.groups.keys()]) if (!known.has(id) && state.groups.get(id)?.group === undefined) forget(id);
      for (const [groupId, msg] of unackedGroupMessages(state)) void transmit(groupId, msg);
      markRead(state.openGroup);
    },

    /**
     * The group list, most recent activity first: the SDK's (with counts), after a group made or
     * joined here whose event is still on its way.
     */
    list(): GroupSummary[] {
      const rows = client().groups;
      const known = new Set(rows.map((g) => g.groupId));
      for (const conv of state.groups.values())
        if (conv.group && !known.has(conv.groupId))
          rows.unshift({ groupId: conv.groupId, name: conv.group.name, unread: 0, mentions: 0, lastSeq: conv.group.lastSeq, muted: false });
      return rows;
    },

    open,

    /** Shows my message at once and hands it to the outbox; `file`: an uploaded attachment. */
    send(groupId: string, body: string, file?: StoredFile): void {
      void transmit(groupId, addGroupPending(state, groupId, body, new Date(Date.now() + state.skewMs).toISOString(), file));
      changed();
    },
    retry(groupId: string, msg: GroupMsg): void {
      msg.error = undefined;
      changed();
      void transmit(groupId, msg);
    },
    async recall(groupId: string, msg: GroupMsg): Promise<void> {
      if (!msg.messageId) return;
      try {
        await client().recallInGroup(groupId, msg.messageId);
        recallGroupMessage(state, groupId, msg.messageId);
      } catch (err) {
        toast(describeError(err), "error");
      }
      changed();
    },

    /** Creates the group with friends as members and opens it. */
    async create(name: string, members: number[]): Promise<void> {
      const { group, role } = await api(() => http.createGroup({ name, members }));
      Object.assign(groupConv(state, group.groupId), { group, role });
      await open(group.groupId);
    },
    async join(invite: string): Promise<void> {
      const { group, role } = await api(() => http.joinGroup(tokenOfInvite(invite)));
      Object.assign(groupConv(state, group.groupId), { group, role });
      toast(`You joined “${group.name}”`);
      await open(group.groupId);
    },
    /** Rename, topic, membersCanInvite; errors are thrown for the settings form to show. */
    async update(groupId: string, changes: UpdateGroupInput): Promise<void> {
      groupConv(state, groupId).group = await api(() => http.updateGroup(groupId, changes));
      changed();
    },
    addMembers: (groupId: string, uids: number[]) => change(groupId, () => http.addGroupMembers(groupId, uids)),
    remove: (groupId: string, uid: number) => change(groupId, () => http.removeGroupMember(groupId, uid)),
    setRole: (groupId: string, uid: number, role: "admin" | "member") => change(groupId, () => http.setGroupRole(groupId, uid, role)),
    transfer: (groupId: string, to: number) => change(groupId, () => http.transferGroupOwner(groupId, to)),
    async leave(groupId: string): Promise<void> {
      await api(() => http.leaveGroup(groupId)).then(
        () => forget(groupId),
        (err: unknown) => toast(describeError(err), "error"),
      );
      changed();
    },
    async dissolve(groupId: string): Promise<void> {
      await api(() => http.dissolveGroup(groupId)).then(
        () => forget(groupId),
        (err: unknown) => toast(describeError(err), "error"),
      );
      changed();
    },
    /** A link to share; the group keeps only its hash, so it is shown once. */
    async invite(groupId: string): Promise<{ link: string; expiresAt: string }> {
      const { token, expiresAt } = await api(() => http.createGroupInvite(groupId));
      return { link: inviteLink(token), expiresAt };
    },
    async setMuted(groupId: string, muted: boolean): Promise<void> {
      try {
        await api(() => http.muteGroup(groupId, muted));
        await refreshList();
      } catch (err) {
        toast(describeError(err), "error");
      }
      changed();
    },
  };
}
