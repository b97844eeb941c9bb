// `chat <friend>`: an interactive session over the resilient client. Shows recent history, then
// messages (with their attachments), receipts, recalls, edits, typing and presence as they arrive;
// lines typed are sent, and the slash commands both chats share (cli/chat/commands.ts: /send-file,
// /recall, /edit, /hide, /quit, or Ctrl-D, Ctrl-C) act on this conversation.
import { createChatClient, QChatError, type ChatClient, type ChatClientEventType, type ClientState } from "../../client";
import type { Friend } from "../../protocol/events";
import { openSession, type Authed } from "../auth";
import { uploadFromChat } from "../chat/chat-upload";
import { CHAT_COMMANDS, commandsHelp, createLineHandler, type ChatTarget } from "../chat/commands";
import { createChatView, type ChatView } from "../chat/chat-view";
import { createTerminal, type Terminal } from "../chat/terminal";
import type { Context } from "../context";
import { CLI, CliError, EXIT } from "../errors";
import { displayName } from "../format";
import { openNodeSocket } from "../node-socket";
import { needArg } from "./friends";

const SHOWN_EVENTS: ChatClientEventType[] = [
  "message",
  "receipt",
  "recall",
  "edit",
  "typing",
  "presence",
  "friend_request",
  "friend_added",
  "friend_removed",
  "error",
];
const HISTORY = 10;
/** How long /quit waits for messages still in the outbox. */
const DRAIN_MS = 15_000;
const HELP = `Type and press Enter to send; ${commandsHelp(CHAT_COMMANDS)}. Save a file: \`${CLI} download <file id> --in <friend>\`.`;

export async function chat(ctx: Context): Promise<number> {
  const who = needArg(ctx, 0, "chat <friend id | username | alias>");
  const session = openSession(ctx);
  const me = session.session.user;
  const friends = await session.call((http) => http.listFriends());
  const peer = findFriend(friends, who);
  const { messages } = await session.call((http) => http.history(peer.id, { limit: HISTORY }));
  const view = createChatView(me.id, peer, friends);
  const term = createTerminal();
  term.print(`${me.username} chatting with ${displayName(peer)} (${peer.id}). ${HELP}`);
  for (const line of view.history(messages)) term.print(line);

  const client = createChatClient({
    url: session.session.chatUrl,
    token: session.freshToken,
    deviceId: session.session.deviceId,
    openSocket: openNodeSocket,
  });
  const markRead = (seq: number) =>
    void client.read(peer.id, seq).catch((err: unknown) => term.print(`! could not mark read: ${String(err)}`));
  /** Durable events still to come from the first connection's backlog (hello.pending). */
  let backlog = 0;
  for (const type of SHOWN_EVENTS) {
    client.on(type, (event) => {
      const queued = "eseq" in event && backlog > 0;
      if (queued) backlog--;
      const { lines, readUpTo } = view.event(event, queued);
      for (const line of lines) term.print(line);
      if (readUpTo !== undefined) markRead(readUpTo);
    });
  }

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
    let opened = false;
    client.on("state", ({ state }) => {
      const line = stateLine(state, opened);
      if (line) term.print(line);
      if (state.status === "open") {
        if (!opened) backlog = state.hello.pending;
        const presence = state.hello.friends.find((f) => f.id === peer.id)?.presence;
        if (presence && !opened) term.print(`${displayName(peer)} is ${presence}.`);
        opened = true;
        const unread = state.hello.unread.find((u) => u.peerId === peer.id);
        if (unread && unread.count > 0) markRead(unread.lastSeq);
      }
      if (state.status === "stopped" && state.reason.code !== "STOPPED")
        void leave(state.reason.code === "AUTH_ENDED" ? EXIT.AUTH : EXIT.FAILED);
    });
    const s: Session = { client, view, term, peer, session };
    const target: ChatTarget = {
      term,
      leave,
      lastOwn: () => view.lastOwn(),
      messageAt: (seq) => view.messageAt(seq),
      recall: (messageId) => client.recall(messageId),
      recallTooLate: "messages can be recalled for 2 minutes.",
      edit: (messageId, body) => client.edit(messageId, body),
      hide: (messageId) => client.hide({ peerId: peer.id }, messageId),
      sendFile: (rest) => sendFileHere(rest, s),
    };
    const handleLine = createLineHandler(target, CHAT_COMMANDS, HELP, (text) => sendText(text, s));
    term.onLine((line) => {
      if (handleLine(line.trim()) !== "leaving") term.prompt();
    });
    term.onEnd(() => void leave(EXIT.OK));
    client.start();
  });
}

interface Session {
  client: ChatClient;
  view: ChatView;
  term: Terminal;
  peer: Friend;
  session: Authed;
}

function sendText(line: string, s: Session): void {
  s.term.eraseEntered(line);
  const clientMsgId = crypto.randomUUID();
  s.view.sending(clientMsgId);
  s.client.send(s.peer.id, line, { clientMsgId }).then(
    (ack) => s.term.print(s.view.sent(ack, line)),
    (err: unknown) => s.term.print(`! not sent: "${line}": ${err instanceof QChatError ? `${err.message} (${err.code})` : String(err)}`),
  );
}

async function sendFileHere(rest: string, s: Session): Promise<void> {
  const uploaded = await uploadFromChat(rest, s.term, s.session);
  if (!uploaded) return;
  const { file, caption } = uploaded;
  const clientMsgId = crypto.randomUUID();
  s.view.sending(clientMsgId);
  await s.client.send(s.peer.id, caption, { clientMsgId, fileId: file.id }).then(
    (ack) => s.term.print(s.view.sent(ack, caption, file)),
    (err: unknown) => s.term.print(`! not sent: ${file.name}: ${err instanceof QChatError ? `${err.message} (${err.code})` : String(err)}`),
  );
}

function stateLine(state: ClientState, opened: boolean): string | undefined {
  switch (state.status) {
    case "open":
      return opened ? "Reconnected." : "Connected.";
    case "reconnecting":
      return `Connection lost (${state.cause}); retrying in ${formatDelay(state.delayMs)} (attempt ${state.attempt})…`;
    case "stopped":
      if (state.reason.code === "STOPPED") return undefined;
      return state.reason.code === "AUTH_ENDED"
        ? `Disconnected: your session ended. Log in again with \`${CLI} login\`.`
        : `Disconnected: ${state.reason.message}.`;
    default:
      return undefined;
  }
}

const formatDelay = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

function findFriend(friends: Friend[], who: string): Friend {
  const needle = who.toLowerCase();
  const friend = friends.find(
    (f) => String(f.id) === who || f.username.toLowerCase() === needle || (f.alias && f.alias.toLowerCase() === needle),
  );
  if (!friend)
    throw new CliError(
      `${who} is not one of your friends: see \`${CLI} friends\`, or send a request with \`${CLI} request ${who}\`.`,
      EXIT.USAGE,
    );
  return friend;
}
