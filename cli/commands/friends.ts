// Friend commands: search, friends (with presence), requests, request, accept, reject.
import type { HttpClient } from "../../client";
import { openSession } from "../auth";
import type { Context } from "../context";
import { CLI, CliError, EXIT } from "../errors";
import { displayName, friendLine, requestLine, userLine } from "../format";

export async function search(ctx: Context): Promise<void> {
  const q = needArg(ctx, 0, "search <username prefix | email | id>");
  const { users } = await openSession(ctx).call((http) => http.searchUsers(q, { limit: 50 }));
  if (users.length === 0) return ctx.out(`No users match "${q}".`);
  for (const user of users) ctx.out(userLine(user));
}

export async function friends(ctx: Context): Promise<void> {
  const list = await openSession(ctx).call((http) => http.listFriends());
  if (list.length === 0) return ctx.out(`No friends yet: find people with \`${CLI} search <name>\`, then \`${CLI} request <id>\`.`);
  for (const friend of list) ctx.out(friendLine(friend));
}

export async function requests(ctx: Context): Promise<void> {
  const { incoming, outgoing } = await openSession(ctx).call((http) => http.listFriendRequests());
  ctx.out(incoming.length ? "Incoming:" : "No incoming requests.");
  for (const request of incoming) ctx.out(`  ${requestLine(request, "incoming")}`);
  if (incoming.length) ctx.out(`  (answer with \`${CLI} accept <#> [alias]\` or \`${CLI} reject <#>\`)`);
  ctx.out(outgoing.length ? "Outgoing:" : "No outgoing requests.");
  for (const request of outgoing) ctx.out(`  ${requestLine(request, "outgoing")}`);
}

export async function request(ctx: Context): Promise<void> {
  const who = needArg(ctx, 0, "request <user id | username> [message]");
  const message = ctx.args.slice(1).join(" ") || undefined;
  const session = openSession(ctx);
  const to = await session.call((http) => resolveUser(http, who));
  const reply = await session.call((http) => http.sendFriendRequest(to, message));
  if ("mutual" in reply) ctx.out(`You and ${displayName(reply.friend)} are now friends (they had asked you too).`);
  else ctx.out(`Friend request #${reply.request.id} sent to ${displayName(reply.request.to)}.`);
}

export async function accept(ctx: Context): Promise<void> {
  const id = requestId(needArg(ctx, 0, "accept <request #> [alias]"));
  const friend = await openSession(ctx).call((http) => http.acceptFriendRequest(id, ctx.args[1]));
  ctx.out(`You and ${displayName(friend)} are now friends. Chat with: ${CLI} chat ${friend.id}`);
}

export async function reject(ctx: Context): Promise<void> {
  const id = requestId(needArg(ctx, 0, "reject <request #>"));
  await openSession(ctx).call((http) => http.rejectFriendRequest(id));
  ctx.out(`Rejected friend request #${id}.`);
}

/** A 9-digit id as is; anything else is looked up as an exact username. */
export async function resolveUser(http: HttpClient, who: string): Promise<number> {
  if (/^\d{9}$/.test(who)) return Number(who);
  const { users } = await http.searchUsers(who, { limit: 50 });
  const match = users.find((u) => u.username.toLowerCase() === who.toLowerCase());
  if (!match) throw new CliError(`no user named "${who}": try \`${CLI} search ${who}\`.`);
  return match.id;
}

export function needArg(ctx: Context, index: number, usage: string): string {
  const value = ctx.args[index];
  if (!value) throw new CliError(`usage: ${CLI} ${usage}`, EXIT.USAGE);
  return value;
}

function requestId(raw: string): number {
  const id = Number(raw.replace(/^#/, ""));
  if (!Number.isInteger(id) || id <= 0) throw new CliError(`"${raw}" is not a request number: see \`${CLI} requests\`.`, EXIT.USAGE);
  return id;
}
