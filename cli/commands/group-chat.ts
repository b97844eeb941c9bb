// `group chat <group>`: an interactive group session over the resilient client, like `chat`:
// recent history with "read by N of M" on our messages, then messages with sender names and
// highlighted `@<id>` mentions, changes, recalls and receipts as they arrive; what is shown is
// marked read, with edits and who is typing. Lines typed are sent; the slash commands both chats
// share (cli/chat/commands.ts: /send-file, /recall, /edit, /hide, /quit, or Ctrl-D, Ctrl-C) act on
// this group, and /members lists its members.
import {
  createChatClient,
  QChatError,
  type ChatClient,
  type ChatClientEvent,
  type ChatClientEventType,
  type OpenSocket,
} from "../../client";
import { openSession, type Authed } from "../auth";
import { uploadFromChat } from "../chat/chat-upload";
import { CHAT_COMMANDS, commandsHelp, createLineHandler, type ChatCommand, type ChatTarget } from "../chat/commands";
import { createGroupView, type GroupView } from "../chat/group-view";
import { createTerminal, type Terminal } from "../chat/terminal";
import type { Context } from "../context";
import { CLI, EXIT } from "../errors";
import { createNameBook, type NameBook } from "../names";
import { openNodeSocket } from "../node-socket";
import { needArg } from "./friends";
import { memberLines } from "../format";
import { resolveGroup } from "../group-args";

const SHOWN_EVENTS: ChatClientEventType[] = [
  "group_message",
  "group_change",
  "group_recall",
  "group_edit",
  "group_receipts",
  "typing",
  "message",
  "error",
];
const HISTORY = 15;
/** How long /quit waits for messages still in the outbox. */
const DRAIN_MS = 15_000;
/** The group's own command, beside the ones both chats share. */
const MEMBERS: ChatCommand<GroupTarget> = {
  names: ["/members"],
  usage: "/members",
  does: "lists the members",
  run: (_rest, t) => void showMembers(t.s),
};
const COMMANDS: ChatCommand<GroupTarget>[] = [...CHAT_COMMANDS, MEMBERS];
const HELP = `Type and press Enter to send (@name or @<id> mentions a member, @all everyone if you are an admin); ${commandsHelp(COMMANDS)}. Save a file: \`${CLI} download <file id> --in <group>\`.`;
const BOLD = (text: string) => `\x1b[1;33m${text}\x1b[0m`;

/** What the session talks through; tests pass a scripted terminal and socket. */
export interface GroupChatIo {
  terminal?: Terminal;
  openSocket?: OpenSocket;
}

export async function groupChat(ctx: Context, io: GroupChatIo = {}): Promise<number> {
  const which = needArg(ctx, 0, "group chat <group id | name>");
  const session = openSession(ctx);
  const me = session.session.user;
  const groupId = await session.call((http) => resolveGroup(http, which));
  const [{ group }, friends, { entries }, members] = await session.call((http) =>
    Promise.all([
      http.getGroup(groupId),
      http.listFriends(),
      http.groupHistory(groupId, { limit: HISTORY }),
      http.listGroupMembers(groupId),
    ]),
  );
  const names = createNameBook(me.id, friends, (ids) => session.call((http) => http.lookupUsers(ids)));
  // Members first (so `@name` works for them), then whoever the history shows.
  await names.learn([...members.map((m) => m.uid), ...entries.flatMap((e) => [e.from, ...e.mentions])]);
  const term = io.terminal ?? createTerminal();
  const client = createChatClient({
    url: session.session.chatUrl,
    token: session.freshToken,
    deviceId: session.session.deviceId,
    openSocket: io.openSocket ?? openNodeSocket,
  });
  const view = createGroupView({
    me: me.id,
    groupId,
    names,
    highlight: process.stdout.isTTY ? BOLD : undefined,
    groupName: (id) => client.group(id)?.name,
  });
  term.print(`${me.username} in "${group.name}" (${groupId}, ${group.memberCount} members). ${HELP}`);
  for (const line of view.history(entries)) term.print(line);
  const own = view.ownSeqs();
  if (own.length > 0) {
    const receipts = await session.call((http) => http.groupReceipts(groupId, own)).catch(() => undefined);
    if (receipts) for (const line of view.receipts(receipts.members, receipts.counts)) term.print(line);
  }

  const markRead = (seq: number) =>
    void client.readGroup(groupId, seq).catch((err: unknown) => term.print(`! could not mark read: ${String(err)}`));
  /** Lines go out in arrival order even when a name has to be looked up first. */
  let printing = Promise.resolve();
  let backlog = 0;

  return new Promise<number>((resolve) => {
    let leaving = false;
    async function leave(code: number): Promise<void> {
      if (leaving) return;
      leaving = true;
      const deadline = Date.now() + DRAIN_MS;
      if (client.pendingSends > 0) term.print(`Waiting for ${client.pendingSends} unsent message(s)…`);
      while (client.pendingSends > 0 && client.state.status !== "stopped" && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      if (client.pendingSends > 0) term.print(`${client.pendingSends} message(s) were not delivered.`);
      await client.stop();
      term.close();
      resolve(code);
    }

    for (const type of SHOWN_EVENTS) {
      client.on(type, (event) => {
        const queued = "eseq" in event && backlog > 0;
        if (queued) backlog--;
        printing = printing
          .then(async () => {
            await names.learn(uidsIn(event));
            const { lines, readUpTo, ended } = view.event(event, queued);
            for (const line of lines) term.print(line);
            if (readUpTo !== undefined) markRead(readUpTo);
            // The client's group list has taken every event up to now: a removal in the backlog
            // followed by a new invitation leaves us in the group.
            if (ended && !client.group(groupId)) {
              term.print("You are no longer in this group.");
              await leave(EXIT.FAILED);
            }
          })
          .catch((err: unknown) => term.print(`! ${String(err)}`));
      });
    }
    let opened = false;
    client.on("state", ({ state }) => {
      if (state.status === "open") {
        if (!opened) backlog = state.hello.pending;
        term.print(opened ? "Reconnected." : "Connected.");
        opened = true;
        const row = state.hello.groups.find((g) => g.groupId === groupId);
        if (row && row.unread + row.mentions > 0) markRead(row.lastSeq);
      }
      if (state.status === "reconnecting") term.print(`Connection lost (${state.cause}); retrying (attempt ${state.attempt})…`);
      if (state.status === "stopped" && state.reason.code !== "STOPPED") {
        term.print(`Disconnected: ${state.reason.message}.`);
        void leave(state.reason.code === "AUTH_ENDED" ? EXIT.AUTH : EXIT.FAILED);
      }
    });
    const s: Session = { client, view, term, groupId, session, names };
    const target: GroupTarget = {
      s,
      term,
      leave,
      lastOwn: () => view.lastOwn(),
      messageAt: (seq) => view.messageAt(seq),
      recall: (messageId) => client.recallInGroup(groupId, messageId),
      recallTooLate: "ask an admin, who can recall at any time.",
      edit: (messageId, body) => client.editInGroup(groupId, messageId, body),
      hide: (messageId) => client.hide({ groupId }, messageId),
      sendFile: (rest) => sendFileHere(rest, s),
    };
    const handleLine = createLineHandler(target, COMMANDS, HELP, (text) => sendText(text, s));
    term.onLine((line) => {
      if (handleLine(line.trim()) !== "leaving") term.prompt();
    });
    term.onEnd(() => void leave(EXIT.OK));
    client.start();
  });
}

interface Session {
  client: ChatClient;
  view: GroupView;
  term: Terminal;
  groupId: string;
  session: Authed;
  names: NameBook;
}

/** The shared commands' target, with the session for /members. */
interface GroupTarget extends ChatTarget {
  s: Session;
}

function sendText(line: string, s: Session): void {
  s.term.eraseEntered(line);
  const clientMsgId = crypto.randomUUID();
  const body = s.names.mentionsToIds(line);
  s.view.sending(clientMsgId);
  s.client.sendToGroup(s.groupId, body, { clientMsgId }).then(
    (ack) => s.term.print(s.view.sent(ack, body)),
    (err: unknown) => s.term.print(`! not sent: "${line}": ${notSentReason(err)}`),
  );
}

async function sendFileHere(rest: string, s: Session): Promise<void> {
  const uploaded = await uploadFromChat(rest, s.term, s.session);
  if (!uploaded) return;
  const { file } = uploaded;
  const caption = s.names.mentionsToIds(uploaded.caption);
  const clientMsgId = crypto.randomUUID();
  s.view.sending(clientMsgId);
  await s.client.sendToGroup(s.groupId, caption, { clientMsgId, fileId: file.id }).then(
    (ack) => s.term.print(s.view.sent(ack, caption, file)),
    (err: unknown) => s.term.print(`! not sent: ${file.name}: ${notSentReason(err)}`),
  );
}

function notSentReason(err: unknown): string {
  if (!(err instanceof QChatError)) return String(err);
  if (err.code === "GROUP_NOT_FOUND") return "you are no longer in this group (GROUP_NOT_FOUND)";
  return `${err.message} (${err.code})`;
}

async function showMembers(s: Session): Promise<void> {
  try {
    const people = await s.session.call((http) => http.listGroupMembers(s.groupId));
    await s.names.learn(people.map((m) => m.uid));
    for (const line of memberLines(people, s.names.name)) s.term.print(line);
  } catch (err) {
    s.term.print(`! could not list members: ${String(err)}`);
  }
}

/** Every uid an event would print, so their names can be looked up first. */
function uidsIn(event: ChatClientEvent): number[] {
  switch (event.type) {
    case "group_message":
      return [event.message.from, ...event.message.mentions];
    case "group_recall":
      return [event.by];
    case "group_change": {
      const c = event.change;
      return [event.by, ...("uid" in c ? [c.uid] : []), ...("previous" in c ? [c.previous] : []), ...("uids" in c ? c.uids : [])];
    }
    case "message":
      return [event.message.from];
    case "typing":
      return [event.from];
    default:
      return [];
  }
}
