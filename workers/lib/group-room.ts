// The one way to name a group's Durable Object: by its group id (checked by the caller: a
// malformed id never reaches an object).

export function groupRoom(env: Pick<Env, "GROUP_ROOM">, groupId: string) {
  return env.GROUP_ROOM.get(env.GROUP_ROOM.idFromName(groupId));
}
