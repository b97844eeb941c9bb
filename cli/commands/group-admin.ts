// Running a group from the command line: add and remove members, roles, ownership, rename, mute,
// dissolve. Each prints the group's state after the change; the server checks every role.
import type { Group } from "../../client";
import { openSession, type Authed } from "../auth";
import type { Context } from "../context";
import { CLI, CliError, EXIT } from "../errors";
import { pickFriends, resolveGroup } from "../group-args";
import { needArg, resolveUser } from "./friends";

/** The session and the group named by the first argument. */
async function target(ctx: Context, usage: string): Promise<{ session: Authed; groupId: string }> {
  const which = needArg(ctx, 0, usage);
  const session = openSession(ctx);
  return { session, groupId: await session.call((http) => resolveGroup(http, which)) };
}

const summary = (g: Group) => `"${g.name}" (${g.groupId}) has ${g.memberCount} member${g.memberCount === 1 ? "" : "s"}.`;

export async function add(ctx: Context): Promise<void> {
  const usage = "group add <group> <friend> [friend...]";
  const { session, groupId } = await target(ctx, usage);
  const wanted = ctx.args
    .slice(1)
    .flatMap((a) => a.split(","))
    .filter(Boolean);
  if (wanted.length === 0) throw new CliError(`usage: ${CLI} ${usage}`, EXIT.USAGE);
  const uids = pickFriends(await session.call((http) => http.listFriends()), wanted);
  ctx.out(`Added ${wanted.join(", ")}. ${summary(await session.call((http) => http.addGroupMembers(groupId, uids)))}`);
}

export async function remove(ctx: Context): Promise<void> {
  const usage = "group remove <group> <member id|username>";
  const { session, groupId } = await target(ctx, usage);
  const who = needArg(ctx, 1, usage);
  const uid = await session.call((http) => resolveUser(http, who));
  ctx.out(`Removed ${who}. ${summary(await session.call((http) => http.removeGroupMember(groupId, uid)))}`);
}

export async function role(ctx: Context): Promise<void> {
  const usage = "group role <group> <member id|username> admin|member";
  const { session, groupId } = await target(ctx, usage);
  const who = needArg(ctx, 1, usage);
  const next = needArg(ctx, 2, usage);
  if (next !== "admin" && next !== "member") throw new CliError(`usage: ${CLI} ${usage}`, EXIT.USAGE);
  const uid = await session.call((http) => resolveUser(http, who));
  await session.call((http) => http.setGroupRole(groupId, uid, next));
  ctx.out(`${who} is now ${next === "admin" ? "an admin" : "a member"}.`);
}

export async function owner(ctx: Context): Promise<void> {
  const usage = "group owner <group> <member id|username>";
  const { session, groupId } = await target(ctx, usage);
  const who = needArg(ctx, 1, usage);
  const uid = await session.call((http) => resolveUser(http, who));
  await session.call((http) => http.transferGroupOwner(groupId, uid));
  ctx.out(`${who} is now the owner; you are an admin.`);
}

export async function rename(ctx: Context): Promise<void> {
  const usage = "group rename <group> <new name>";
  const { session, groupId } = await target(ctx, usage);
  const name = ctx.args.slice(1).join(" ").trim();
  if (!name) throw new CliError(`usage: ${CLI} ${usage}`, EXIT.USAGE);
  const group = await session.call((http) => http.updateGroup(groupId, { name }));
  ctx.out(`Renamed: ${summary(group)}`);
}

export async function mute(ctx: Context): Promise<void> {
  await setMuted(ctx, true, "group mute <group>");
}

export async function unmute(ctx: Context): Promise<void> {
  await setMuted(ctx, false, "group unmute <group>");
}

async function setMuted(ctx: Context, muted: boolean, usage: string): Promise<void> {
  const { session, groupId } = await target(ctx, usage);
  await session.call((http) => http.muteGroup(groupId, muted));
  ctx.out(muted ? `Muted ${groupId}: messages still arrive, the unread count stays; @mentions of you still count.` : `Unmuted ${groupId}.`);
}

export async function dissolve(ctx: Context): Promise<void> {
  const { session, groupId } = await target(ctx, "group dissolve <group>");
  await session.call((http) => http.dissolveGroup(groupId));
  ctx.out(`Dissolved ${groupId}: every member was told, and no one can post in it any more.`);
}
