// The QChat command line: `npm run cli -- <command> [args] [--api <url>] [--profile <name>]`.
// Parses the arguments, runs one command and exits 0 (ok), 1 (failed), 2 (usage) or 3 (log in).
import * as account from "./commands/account";
import * as blocks from "./commands/blocks";
import { download, sendFileCommand } from "./commands/files";
import { chat } from "./commands/chat";
import * as friends from "./commands/friends";
import { searchMessages } from "./commands/search";
import { group, GROUP_COMMANDS } from "./commands/groups";
import { parseCommandLine } from "./args";
import { createContext, DEFAULT_API, type Context } from "./context";
import { CLI, CliError, EXIT, explain } from "./errors";
import { closePrompts } from "./prompt";

const COMMANDS: Record<string, { run: (ctx: Context) => Promise<void | number>; syntax: string; does: string }> = {
  register: { run: account.register, syntax: "register", does: "sign up (asks for username, email, password and the emailed code)" },
  login: { run: account.login, syntax: "login [username|email]", does: "log in and save the session" },
  logout: { run: account.logout, syntax: "logout", does: "end the session on the server and forget it" },
  me: { run: account.me, syntax: "me", does: "your profile" },
  account: {
    run: account.account,
    syntax: "account export [--out file] | delete",
    does: "save all your data as JSON; delete your account (asks the password and your username)",
  },
  search: { run: friends.search, syntax: "search <prefix|email|id>", does: "find users" },
  "search-messages": {
    run: searchMessages,
    syntax: "search-messages <words> [--limit N]",
    does: "find messages in your chats and groups, newest first (--more <cursor> for the next page)",
  },
  friends: { run: friends.friends, syntax: "friends", does: "your friends, with presence" },
  requests: { run: friends.requests, syntax: "requests", does: "pending friend requests, both ways" },
  request: { run: friends.request, syntax: "request <id|username> [message]", does: "ask someone to be friends" },
  accept: { run: friends.accept, syntax: "accept <request #> [alias]", does: "accept a friend request" },
  reject: { run: friends.reject, syntax: "reject <request #>", does: "reject a friend request" },
  block: { run: blocks.block, syntax: "block <id|username>", does: "block someone (ends the friendship; they are not told)" },
  unblock: { run: blocks.unblock, syntax: "unblock <id|username>", does: "lift a block" },
  blocked: { run: blocks.blocked, syntax: "blocked", does: "the people you block" },
  chat: { run: chat, syntax: "chat <friend id|username|alias>", does: "chat live: type to send, /send-file, /recall, /quit" },
  "send-file": {
    run: (ctx) => sendFileCommand(ctx),
    syntax: "send-file <friend|group> <path>",
    does: "upload a file and send it (--caption text)",
  },
  download: {
    run: (ctx) => download(ctx),
    syntax: "download <file id> [-o path]",
    does: "save a file from a message (--in <friend|group>)",
  },
  group: { run: group, syntax: "group <subcommand> ...", does: "groups (below)" },
};

const OPTIONS: [string, string][] = [
  ["--api <url>", `the QChat API (default ${DEFAULT_API}, or env QCHAT_API)`],
  ["--profile <name>", "a separate saved session, e.g. one per user on this machine"],
  ["--mailbox <url>", "register: read the code from this mailbox (default for a local API: http://127.0.0.1:8788/mailbox)"],
  ["--code <code>", "register: the emailed code, without asking"],
  ["--username, --email", "register/login: without asking"],
  ["--password <p>", "register/login: without asking (or env QCHAT_PASSWORD)"],
  ["--members <id,username,...>", "group create: friends to add at once"],
  ["--ttl <seconds|30m|12h|7d>", "group invite: how long the token works (default 7 days)"],
  ["--caption <text>", "send-file: text sent with the file"],
  ["--in <friend|group>", "download: the conversation the file came in (needed right after it arrives)"],
  ["--limit <n>, --more <cursor>", "search-messages: hits per page (default 20), and the next page as printed"],
  ["-o, --output <path>", "download: file or folder to save to, - for stdout (default: its name, never overwriting)"],
  ["--out <file>", "account export: file to save to, - for stdout (default: qchat-export-<id>.json, never overwriting)"],
  ["--help", "this text"],
];

function usage(): string {
  const rows = (pairs: [string, string][]) => pairs.map(([left, right]) => `  ${left.padEnd(42)} ${right}`);
  return [
    `usage: ${CLI} <command> [arguments] [options]`,
    "",
    "commands:",
    ...rows(Object.values(COMMANDS).map((c) => [c.syntax, c.does])),
    "",
    "group commands (a group is its id, or its name when that is unique among yours):",
    ...rows(Object.values(GROUP_COMMANDS).flatMap((c) => (c.syntax ? [[c.syntax, c.does] as [string, string]] : []))),
    "",
    "options:",
    ...rows(OPTIONS),
    "",
    "exit codes: 0 ok, 1 failed, 2 wrong usage, 3 not logged in / session ended",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage()}`);
    return EXIT.USAGE;
  }
  const { command, args, flags } = parsed;
  if (flags.help) {
    console.log(usage());
    return EXIT.OK;
  }
  if (!command) {
    console.error(usage());
    return EXIT.USAGE;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    console.error(`unknown command "${command}"\n\n${usage()}`);
    return EXIT.USAGE;
  }
  let api = flags.api ?? DEFAULT_API;
  try {
    const ctx = createContext(flags, args);
    api = ctx.api;
    return (await entry.run(ctx)) ?? EXIT.OK;
  } catch (err) {
    const { message, exitCode } = explain(err, api);
    console.error(`error: ${message}`);
    return exitCode;
  } finally {
    closePrompts();
  }
}

// Exit explicitly: a socket or timer left behind must not keep a finished command alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof CliError ? err.message : err);
    process.exit(EXIT.FAILED);
  },
);
