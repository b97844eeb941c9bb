// Account commands: register (code from the local mailbox or typed in), login (saves the
// session, mode 600), logout, me.
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
