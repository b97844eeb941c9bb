// Account commands: register (code from the local mailbox or typed in), login (saves the
// session, mode 600), logout, me, and `account export|delete` (the caller's data, and deleting it).
import { writeFileSync } from "node:fs";
import { createHttpClient, QChatError } from "../../client";
import { openSession } from "../auth";
import { DEFAULT_LOCAL_MAILBOX, isLocalApi, type Context } from "../context";
import { CLI, CliError, EXIT } from "../errors";
import { codeFromMailbox } from "../mailbox";
import { ask, askRequired } from "../prompt";
import { deleteSession, loadSession, saveSession } from "../session-store";

export async function register(ctx: Context): Promise<void> {
  const http = createHttpClient({ baseUrl: ctx.api });
  const username = ctx.flags.username ?? (await askRequired("Username: "));
  const email = ctx.flags.email ?? (await askRequired("Email: "));
  const password = ctx.flags.password ?? process.env.QCHAT_PASSWORD ?? (await askRequired("Password (8+ characters): ", { hidden: true }));
  const requestedAt = Date.now();
  try {
    const sent = await http.requestCode({ email, purpose: "register" });
    ctx.out(`A 6-digit code was emailed to ${email} (valid ${Math.round(sent.expiresIn / 60)} min).`);
  } catch (err) {
    // The last code is still good during the cooldown: carry on and ask for it.
    if (!(err instanceof QChatError) || err.code !== "CODE_COOLDOWN") throw err;
    ctx.out(`A code was emailed to ${email} less than a minute ago; use that one.`);
  }
  const code = ctx.flags.code ?? (await codeFromLocalMailbox(ctx, email, requestedAt)) ?? (await askRequired("Code from the email: "));
  const user = await http.register({ username, email, password, code });
  ctx.out(`Registered ${user.username} (id ${user.id}). Log in with: ${CLI} login ${user.username}`);
}

/** The code via the mailbox (--mailbox, or the default one when the API is local), else undefined. */
async function codeFromLocalMailbox(ctx: Context, email: string, since: number): Promise<string | undefined> {
  const mailbox = ctx.flags.mailbox ?? (isLocalApi(ctx.api) ? DEFAULT_LOCAL_MAILBOX : undefined);
  if (!mailbox) return undefined;
  try {
    const code = await codeFromMailbox(mailbox, email, since);
    if (code) ctx.out(`Read the code from the local mailbox (${mailbox}).`);
    else ctx.out(`No email for ${email} in ${mailbox} yet (pass --mailbox <url> if it lives elsewhere).`);
    return code;
  } catch (err) {
    ctx.out(
      `Could not read the mailbox at ${mailbox} (${err instanceof Error ? err.message : String(err)}); pass --mailbox <url>, or type the code.`,
    );
    return undefined;
  }
}

export async function login(ctx: Context): Promise<void> {
  const http = createHttpClient({ baseUrl: ctx.api });
  const name = ctx.args[0] ?? ctx.flags.username ?? ctx.flags.email ?? (await askRequired("Username or email: "));
  const password = ctx.flags.password ?? process.env.QCHAT_PASSWORD ?? (await askRequired("Password: ", { hidden: true }));
  const reply = await http.login({ login: name, password });
  // Keep the device id across logins: the server remembers each device's place in the stream.
  const deviceId = loadSession(ctx.sessionPath)?.deviceId ?? `cli-${crypto.randomUUID().slice(0, 8)}`;
  saveSession(ctx.sessionPath, {
    api: ctx.api,
    token: reply.token,
    expiresAt: reply.expiresAt,
    refreshToken: reply.refreshToken,
    refreshExpiresAt: reply.refreshExpiresAt,
    user: { id: reply.user.id, username: reply.user.username },
    chatUrl: reply.chat.url,
    deviceId,
  });
  ctx.out(`Logged in as ${reply.user.username} (id ${reply.user.id}). Session saved to ${ctx.sessionPath}.`);
}

export async function logout(ctx: Context): Promise<void> {
  const session = loadSession(ctx.sessionPath);
  if (!session) return ctx.out("Not logged in.");
  try {
    await openSession(ctx).call((http) => http.logout());
    ctx.out(`Logged out ${session.user.username}.`);
  } catch (err) {
    // A session that already ended needs no revoking: forget it either way.
    if (!(err instanceof CliError && err.exitCode === EXIT.AUTH) && !(err instanceof QChatError && err.status === 401)) throw err;
    ctx.out(`The session of ${session.user.username} had already ended.`);
  }
  deleteSession(ctx.sessionPath);
}

export async function me(ctx: Context): Promise<void> {
  const user = await openSession(ctx).call((http) => http.me());
  ctx.out(`${user.username} (id ${user.id})`);
  ctx.out(`  email     ${user.email}`);
  ctx.out(`  nickname  ${user.nickname}`);
  if (user.bio) ctx.out(`  bio       ${user.bio}`);
  ctx.out(`  since     ${user.createdAt.slice(0, 10)}`);
}

/** `account export [--out file]`: the whole export as JSON, to a file (never overwritten) or stdout (`-`). */
async function exportAccount(ctx: Context): Promise<void> {
  const authed = openSession(ctx);
  const data = await authed.call((http) => http.exportAccount());
  const text = `${JSON.stringify(data, null, 2)}\n`;
  const target = ctx.flags.out ?? ctx.flags.output ?? `qchat-export-${data.profile.id}.json`;
  if (target === "-") return void process.stdout.write(text);
  try {
    writeFileSync(target, text, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      throw new CliError(`${target} exists: choose another with --out <file>.`, EXIT.FAILED);
    throw err;
  }
  const messages =
    data.conversations.reduce((n, c) => n + c.messages.length, 0) + data.groupMessages.reduce((n, g) => n + g.messages.length, 0);
  ctx.out(
    `Saved your data to ${target}: ${data.friends.length} friends, ${data.groups.length} groups, ${messages} messages, ${data.files.length} files.`,
  );
  if (data.files.length > 0) ctx.out(`Files are listed with their download path; fetch each with \`${CLI} download <file id>\`.`);
}

/** `account delete`: the password, then the username typed out, then the account is gone for good. */
async function deleteAccount(ctx: Context): Promise<void> {
  const authed = openSession(ctx);
  const { username } = authed.session.user;
  ctx.out(`This deletes ${username} for good: your profile, friends, groups, files and this device's session.`);
  ctx.out("Messages you sent stay in other people's conversations, shown as from a deleted user.");
  const password = ctx.flags.password ?? process.env.QCHAT_PASSWORD ?? (await askRequired("Password: ", { hidden: true }));
  const typed = ctx.flags.username ?? (await ask(`Type your username (${username}) to confirm: `));
  if (typed !== username) throw new CliError("the username did not match: nothing was deleted.", EXIT.USAGE);
  const reply = await authed
    .call((http) => http.deleteAccount(password))
    .catch((err: unknown) => {
      if (err instanceof QChatError && err.code === "INVALID_CREDENTIALS")
        throw new CliError("wrong password: nothing was deleted.", EXIT.FAILED);
      throw err;
    });
  deleteSession(ctx.sessionPath);
  const r = reply.removed;
  ctx.out(
    `Deleted ${username}: ${r.friendships} friendships, ${r.friendRequests} friend requests, ${r.blocks} blocks, ${r.groupsLeft} groups left, ${r.files} files, ${r.sessions} sessions.`,
  );
}

const ACCOUNT_COMMANDS: Record<string, (ctx: Context) => Promise<void>> = { export: exportAccount, delete: deleteAccount };

/** `account export|delete`. */
export async function account(ctx: Context): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const run = sub === undefined ? undefined : ACCOUNT_COMMANDS[sub];
  if (!run) throw new CliError(`usage: ${CLI} account export [--out file] | ${CLI} account delete`, EXIT.USAGE);
  await run({ ...ctx, args: rest });
}
