// `group <create|list|invite|join|leave|members|chat|...>`: groups from the command line. A group
// is named by its id or, when it is unique among yours, by its name. Admin commands: group-admin.ts.
import { openSession } from "../auth";
import type { Context } from "../context";
import { CLI, CliError, EXIT } from "../errors";
import { groupLine, memberLines } from "../format";
import { parseTtl, pickFriends, resolveGroup, splitList } from "../group-args";
import { createNameBook } from "../names";
import * as admin from "./group-admin";
import { groupChat } from "./group-chat";
import { needArg } from "./friends";

/** Subcommands: syntax and what each does (shown by `--help` and on a wrong subcommand). */
export const GROUP_COMMANDS: Record<string, { run: (ctx: Context) => Promise<void | number>; syntax: string; does: string }> = {
  create: { run: create, syntax: "group create <name> [--members a,b]", does: "a new group; you are the owner" },
  list: { run: list, syntax: "group list", does: "your groups, with unread and @mention counts" },
  invite: { run: invite, syntax: "group invite <group> [--ttl 7d]", does: "print a join token (admins, or members if allowed)" },
  join: { run: join, syntax: "group join <token>", does: "join a group with an invite token" },
  leave: { run: leave, syntax: "group leave <group>", does: "leave a group" },
  members: { run: members, syntax: "group members <group>", does: "who is in it, with roles" },
  chat: {
    run: (ctx) => groupChat(ctx),
    syntax: "group chat <group>",
    does: "chat live in a group: @<id> mentions, /recall, /members, /quit",
  },
  add: { run: admin.add, syntax: "group add <group> <friend...>", does: "add friends (admins, or members if allowed)" },
  remove: { run: admin.remove, syntax: "group remove <group> <member>", does: "remove a member (admins)" },
  role: { run: admin.role, syntax: "group role <group> <member> admin|member", does: "promote or demote (owner)" },
  owner: { run: admin.owner, syntax: "group owner <group> <member>", does: "hand the group over (owner; you become an admin)" },
  rename: { run: admin.rename, syntax: "group rename <group> <name>", does: "rename (admins)" },
  mute: { run: admin.mute, syntax: "group mute|unmute <group>", does: "stop or restart the unread count (mentions still count)" },
  unmute: { run: admin.unmute, syntax: "", does: "" },
  dissolve: { run: admin.dissolve, syntax: "group dissolve <group>", does: "end the group for everyone (owner)" },
};

/** `group <subcommand> ...`: runs the subcommand with the remaining arguments. */
export async function group(ctx: Context): Promise<void | number> {
  const [sub, ...rest] = ctx.args;
  const entry = sub ? GROUP_COMMANDS[sub] : undefined;
  if (!entry) {
    const lines = Object.values(GROUP_COMMANDS)
      .filter((c) => c.syntax)
      .map((c) => `  ${CLI} ${c.syntax.padEnd(44)} ${c.does}`);
    throw new CliError(`${sub ? `unknown group command "${sub}"` : "which group command?"}\n${lines.join("\n")}`, EXIT.USAGE);
  }
  return entry.run({ ...ctx, args: rest });
}

async function create(ctx: Context): Promise<void> {
  const name = ctx.args.join(" ").trim();
  if (!name) throw new CliError(`usage: ${CLI} ${GROUP_COMMANDS.create!.syntax}`, EXIT.USAGE);
  const session = openSession(ctx);
  const wanted = splitList(ctx.flags.members);
  const members = wanted.length ? pickFriends(await session.call((http) => http.listFriends()), wanted) : [];
  const { group } = await session.call((http) => http.createGroup({ name, members }));
  ctx.out(
    `Created "${group.name}" (${group.groupId}) with ${group.memberCount} member${group.memberCount === 1 ? "" : "s"}; you are the owner.`,
  );
  ctx.out(`Chat: ${CLI} group chat ${group.groupId}   Invite others: ${CLI} group invite ${group.groupId}`);
}

async function list(ctx: Context): Promise<void> {
  const groups = await openSession(ctx).call((http) => http.listGroups());
  if (groups.length === 0)
    return ctx.out(`You are in no group yet: \`${CLI} group create <name>\`, or \`${CLI} group join <token>\` with an invite.`);
  for (const g of groups) ctx.out(groupLine(g));
}

async function invite(ctx: Context): Promise<void> {
  const which = needArg(ctx, 0, GROUP_COMMANDS.invite!.syntax);
  const ttlSeconds = ctx.flags.ttl === undefined ? undefined : parseTtl(ctx.flags.ttl);
  const session = openSession(ctx);
  const groupId = await session.call((http) => resolveGroup(http, which));
  const { token, expiresAt } = await session.call((http) => http.createGroupInvite(groupId, ttlSeconds));
  // The token alone on the first line, for scripts (`| head -1`).
  ctx.out(token);
  ctx.out(`Anyone with it can join until ${expiresAt.slice(0, 16).replace("T", " ")} UTC: ${CLI} group join ${token}`);
}

async function join(ctx: Context): Promise<void> {
  const token = needArg(ctx, 0, GROUP_COMMANDS.join!.syntax);
  const { group } = await openSession(ctx).call((http) => http.joinGroup(token));
  ctx.out(`You joined "${group.name}" (${group.groupId}), ${group.memberCount} members. Chat: ${CLI} group chat ${group.groupId}`);
}

async function leave(ctx: Context): Promise<void> {
  const which = needArg(ctx, 0, GROUP_COMMANDS.leave!.syntax);
  const session = openSession(ctx);
  const groupId = await session.call((http) => resolveGroup(http, which));
  await session.call((http) => http.leaveGroup(groupId));
  ctx.out(`You left ${which === groupId ? groupId : `"${which}" (${groupId})`}.`);
}

async function members(ctx: Context): Promise<void> {
  const which = needArg(ctx, 0, GROUP_COMMANDS.members!.syntax);
  const session = openSession(ctx);
  const groupId = await session.call((http) => resolveGroup(http, which));
  const [people, friends] = await session.call((http) => Promise.all([http.listGroupMembers(groupId), http.listFriends()]));
  const names = createNameBook(session.session.user.id, friends, (ids) => session.call((http) => http.lookupUsers(ids)));
  await names.learn(people.map((m) => m.uid));
  for (const line of memberLines(people, names.name)) ctx.out(line);
}
