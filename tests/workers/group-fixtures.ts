// Group fixtures: the group's object addressed as the Worker addresses it, groups made through the
// real route or its RPC, and sockets that collect a member's group events.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { UserEvent } from "../../protocol/events";
import type { CreateGroupBody, Group } from "../../protocol/groups";
import { newGroupId } from "../../workers/groups/ids";
import { groupRoom } from "../../workers/lib/group-room";
import { rawSocket, waitFor } from "./chat-fixtures";
import { befriend, member, type Member } from "./friends-fixtures";
import { call } from "./helpers";

export const groupStub = (groupId: string) => groupRoom(env, groupId);

/** An owner and `n` of their friends. */
export async function ownerWithFriends(n: number): Promise<[Member, ...Member[]]> {
  const owner = await member("go");
  const friends = await Promise.all(Array.from({ length: n }, () => member("gm")));
  await Promise.all(friends.map((f) => befriend(owner, f)));
  return [owner, ...friends];
}

/** Creates a group through its object's RPC (the Worker's friend check skipped). */
export async function createByRpc(owner: Member, members: Member[], body: Partial<CreateGroupBody> = {}) {
  const groupId = newGroupId();
  const verdict = await groupStub(groupId).create(groupId, owner.id, {
    name: "test group",
    topic: "",
    avatarUrl: null,
    membersCanInvite: false,
    ...body,
    members: members.map((m) => m.id),
  });
  if (!verdict.ok) throw new Error(`create failed: ${JSON.stringify(verdict)}`);
  return verdict.group;
}

type GroupEvent = Extract<UserEvent, { type: `group_${string}` }>;

/** A member's socket that keeps every group event it receives. */
export async function groupSocket(m: Member, deviceId = "groups") {
  const socket = await rawSocket(m.token, deviceId);
  const events: GroupEvent[] = [];
  const take = (frame: { type?: unknown; events?: UserEvent[] }) => {
    if (frame.type !== "events") return;
    for (const event of frame.events ?? []) if (event.type.startsWith("group_")) events.push(event as GroupEvent);
    const last = frame.events?.[frame.events.length - 1];
    if (last) socket.ws.send(JSON.stringify({ type: "ack", upTo: last.eseq }));
  };
  // Frames that came with the hello, then every later one.
  for (const frame of socket.frames) take(frame);
  socket.ws.addEventListener("message", (e) => take(JSON.parse(String(e.data)) as { type: string; events?: UserEvent[] }));
  /** Waits until a group event of `type` matching `where` has arrived. */
  const next = <T extends GroupEvent["type"]>(
    type: T,
    where: (e: Extract<GroupEvent, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ) =>
    waitFor(
      () => events.find((e): e is Extract<GroupEvent, { type: T }> => e.type === type && where(e as Extract<GroupEvent, { type: T }>)),
      timeoutMs,
      `a ${type} event`,
    );
  return { events, next, close: () => socket.ws.close(1000) };
}

/** Creates a group through POST /v1/groups. */
export async function createByHttp(owner: Member, members: Member[], body: Partial<CreateGroupBody> = {}) {
  const res = await call("POST", "/v1/groups", {
    token: owner.token,
    body: { name: "test group", ...body, members: members.map((m) => m.id) },
  });
  if (res.status !== 201) throw new Error(`create failed: ${JSON.stringify(res.body)}`);
  return res.body.group as Group;
}

/** Runs SQL inside a group's object (for moving its clock). */
export function runInGroup<T>(groupId: string, run: (sql: SqlStorage) => T): Promise<T> {
  return runInDurableObject(groupStub(groupId), (_instance, state) => run(state.storage.sql));
}
