// Block commands: block, unblock, blocked (the list). A blocked user is not told; their messages
// and requests go unheard until they are unblocked.
import { openSession } from "../auth";
import type { Context } from "../context";
import { CLI } from "../errors";
import { displayName, userLine } from "../format";
import { needArg, resolveUser } from "./friends";

export async function block(ctx: Context): Promise<void> {
  const who = needArg(ctx, 0, "block <user id | username>");
  const session = openSession(ctx);
  const uid = await session.call((http) => resolveUser(http, who));
  const blocked = await session.call((http) => http.blockUser(uid));
  ctx.out(`Blocked ${displayName(blocked.user)}: no messages, requests or presence between you (they are not told).`);
  ctx.out(`Undo with \`${CLI} unblock ${blocked.user.id}\` (a friendship it ended is not restored).`);
}

export async function unblock(ctx: Context): Promise<void> {
  const who = needArg(ctx, 0, "unblock <user id | username>");
  const session = openSession(ctx);
  const uid = await session.call((http) => resolveUser(http, who));
  await session.call((http) => http.unblockUser(uid));
  ctx.out(`Unblocked ${who}: they may send you friend requests again.`);
}

export async function blocked(ctx: Context): Promise<void> {
  const list = await openSession(ctx).call((http) => http.listBlocked());
  if (list.length === 0) return ctx.out("You block nobody.");
  for (const entry of list) ctx.out(`${userLine(entry.user)}  (since ${entry.blockedAt.slice(0, 10)})`);
}
