// The slash commands of both chat sessions (`chat` and `group chat`) in one table: each session
// hands over what differs (how to recall, edit, hide or send a file in its conversation) as a
// ChatTarget, and may add commands of its own (`/members`). Lines not starting with `/` are sent.
import { QChatError } from "../../client";
import { EXIT } from "../errors";
import { SEND_FILE_USAGE } from "./chat-upload";
import type { Terminal } from "./terminal";

/** What the commands act on: one conversation, 1:1 or a group. */
export interface ChatTarget {
  term: Terminal;
  leave(code: number): Promise<void>;
  /** Our newest message here not yet recalled. */
  lastOwn(): { messageId: string; seq: number } | undefined;
  /** The message shown here as `#seq`, if any. */
  messageAt(seq: number): string | undefined;
  recall(messageId: string): Promise<void>;
  /** What to say when the recall window has passed. */
  recallTooLate: string;
  edit(messageId: string, body: string): Promise<void>;
  /** Hides one message, or the whole conversation so far, for this user ("delete for me"). */
  hide(messageId?: string): Promise<void>;
  sendFile(rest: string): Promise<void>;
}

/** Asks a yes/no question; the next line typed is the answer (only y or yes means yes). */
export type Ask = (question: string, then: (yes: boolean) => void) => void;

export interface ChatCommand<T extends ChatTarget = ChatTarget> {
  /** `/name`, then other names it answers to. */
  names: string[];
  /** How /help shows it: `/edit <text>`. */
  usage: string;
  /** What it does, after the usage in /help. */
  does: string;
  run(rest: string, target: T, ask: Ask): "leaving" | void;
}

const failure = (err: unknown) => (err instanceof QChatError ? `${err.message} (${err.code})` : String(err));

function recallLast(t: ChatTarget): void {
  const last = t.lastOwn();
  if (!last) return t.term.print("Nothing of yours to recall here.");
  t.recall(last.messageId).catch((err: unknown) => {
    const tooLate = err instanceof QChatError && err.code === "RECALL_WINDOW_PASSED";
    t.term.print(tooLate ? `Too late to recall #${last.seq}: ${t.recallTooLate}` : `! recall failed: ${String(err)}`);
  });
}

function editLast(text: string, t: ChatTarget): void {
  if (!text) return t.term.print("Usage: /edit <new text> (replaces your last message).");
  const last = t.lastOwn();
  if (!last) return t.term.print("Nothing of yours to edit here.");
  t.edit(last.messageId, text).catch((err: unknown) => {
    const tooLate = err instanceof QChatError && err.code === "EDIT_WINDOW_PASSED";
    t.term.print(tooLate ? `Too late to edit #${last.seq}: messages can be edited for 15 minutes.` : `! edit failed: ${String(err)}`);
  });
}

/** `/hide #12` hides message #12; `/hide` clears the whole conversation, after a y/N question. */
function hide(rest: string, t: ChatTarget, ask: Ask): void {
  if (rest) {
    const seq = Number(rest.replace(/^#/, ""));
    const messageId = Number.isInteger(seq) ? t.messageAt(seq) : undefined;
    if (!messageId) return t.term.print(`No message ${rest} shown here. Usage: /hide #<n> (the number after a message).`);
    t.hide(messageId).then(
      () => t.term.print(`Hid #${seq} for you, on all your devices (the others still see it).`),
      (err: unknown) => t.term.print(`! hide failed: ${failure(err)}`),
    );
    return;
  }
  ask("Clear this conversation for you, on all your devices? The others keep it. [y/N]", (yes) => {
    if (!yes) return t.term.print("Kept.");
    t.hide().then(
      () => t.term.print("Cleared for you: history now starts after this point."),
      (err: unknown) => t.term.print(`! hide failed: ${failure(err)}`),
    );
  });
}

/** The commands both sessions have. */
export const CHAT_COMMANDS: ChatCommand[] = [
  { names: ["/send-file"], usage: SEND_FILE_USAGE, does: "sends a file", run: (rest, t) => void t.sendFile(rest) },
  { names: ["/recall"], usage: "/recall", does: "takes back your last message", run: (_rest, t) => recallLast(t) },
  {
    names: ["/edit"],
    usage: "/edit <text>",
    does: "replaces your last message's text (15 minutes)",
    run: (rest, t) => editLast(rest, t),
  },
  {
    names: ["/hide"],
    usage: "/hide #<n>",
    does: "hides message #n for you; /hide alone clears the conversation for you (asks first)",
    run: hide,
  },
  {
    names: ["/quit", "/exit"],
    usage: "/quit",
    does: "leaves",
    run: (_rest, t) => {
      void t.leave(EXIT.OK);
      return "leaving";
    },
  },
];

/** The commands as /help lists them: `usage` does; ... */
export function commandsHelp(commands: Pick<ChatCommand, "usage" | "does">[]): string {
  return commands.map((c) => `${c.usage} ${c.does}`).join("; ");
}

/**
 * A session's line handler: an answer to a pending question, a command from `commands` (and
 * `/help`, which prints `help`), or text to send. Returns "leaving" when the session is ending.
 */
export function createLineHandler<T extends ChatTarget>(
  target: T,
  commands: ChatCommand<T>[],
  help: string,
  send: (text: string) => void,
): (line: string) => "leaving" | void {
  let answer: ((line: string) => void) | undefined;
  const ask: Ask = (question, then) => {
    target.term.print(question);
    answer = (line) => then(/^y(es)?$/i.test(line));
  };
  return (line) => {
    if (answer) {
      const pending = answer;
      answer = undefined;
      return pending(line);
    }
    if (!line) return;
    if (!line.startsWith("/")) return send(line);
    const space = line.search(/\s/);
    const name = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? "" : line.slice(space + 1).trim();
    if (name === "/help") return target.term.print(help);
    const command = commands.find((c) => c.names.includes(name));
    if (!command) return target.term.print(`Unknown command ${line}. ${help}`);
    return command.run(rest, target, ask);
  };
}
