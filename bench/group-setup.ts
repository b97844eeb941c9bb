// Groups for the bench, set up as users would: members seeded in bulk with their creator's
// friendships (bench/seed.ts), then each group created by its owner through POST /v1/groups, and
// every member's socket opened (one device each).
import type { CreateGroupBody, GroupReply } from "../protocol/groups";
import type { Seeder, SeededUser } from "./seed";
import { openAll, type Target, type Tracker, type UserSocket } from "./sockets";

/** The users of one group to create: the owner first. */
export interface PlannedGroup {
  members: SeededUser[];
}

/** `count` groups of `size` members each (distinct users), the owner friends with every member. */
export async function seedGroups(seeder: Seeder, count: number, size: number): Promise<PlannedGroup[]> {
  const users = await seeder.users(count * size, { ring: false, iterations: 1, sessions: true });
  const groups: PlannedGroup[] = [];
  for (let i = 0; i < count; i++) {
    const members = users.slice(i * size, (i + 1) * size);
    await seeder.friendsOf(members[0]!, members);
    groups.push({ members });
  }
  return groups;
}

/** A 5xx is retried this many times (a user would retry; a duplicate group would be harmless here). */
const CREATE_RETRIES = 2;

/** POST /v1/groups as the owner with every other member; the group id and the 5xx answers retried. */
export async function createGroup(api: string, plan: PlannedGroup, name: string): Promise<{ groupId: string; retried: string[] }> {
  const [owner, ...rest] = plan.members;
  const body: Partial<CreateGroupBody> = { name, members: rest.map((u) => u.id) };
  const retried: string[] = [];
  for (;;) {
    const res = await fetch(`${api}/v1/groups`, {
      method: "POST",
      headers: { Authorization: `Bearer ${owner!.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status === 201) return { groupId: ((await res.json()) as GroupReply).group.groupId, retried };
    const failure = `HTTP ${res.status} ${await res.text()}`;
    if (res.status < 500 || retried.length >= CREATE_RETRIES)
      throw new Error(
        `POST /v1/groups (${plan.members.length} members): ${failure}${retried.length > 0 ? ` after ${retried.join("; ")}` : ""}`,
      );
    retried.push(failure);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Creates `plans` with at most `concurrency` requests at once: ids in plan order, latencies, 5xx retried. */
export async function createGroups(
  api: string,
  plans: PlannedGroup[],
  tag: string,
  concurrency: number,
  progress: (created: number) => void = () => {},
): Promise<{ ids: string[]; latenciesMs: number[]; retried: string[] }> {
  const ids: string[] = new Array(plans.length);
  const latenciesMs: number[] = [];
  const retried: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const i = next++;
      const t0 = performance.now();
      const created = await createGroup(api, plans[i]!, `${tag} ${i}`);
      ids[i] = created.groupId;
      retried.push(...created.retried);
      latenciesMs.push(performance.now() - t0);
      progress(latenciesMs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return { ids, latenciesMs, retried };
}

/** Opens every member's socket; fails if any member could not connect (a group must be whole). */
export async function connectMembers(
  target: Target,
  users: SeededUser[],
  concurrency: number,
  tracker: () => Tracker,
  ackDelayMs: number,
  progress: (done: number) => void,
): Promise<{ sockets: UserSocket[]; perSecond: number }> {
  const t0 = performance.now();
  const opened = await openAll(target, users, concurrency, tracker, progress, ackDelayMs);
  if (opened.failures.length > 0) {
    await Promise.all(opened.sockets.map((s) => s.close()));
    throw new Error(`group members: ${opened.failures.length} of ${users.length} sockets failed (first: ${opened.failures[0]})`);
  }
  return { sockets: opened.sockets, perSecond: (opened.sockets.length / (performance.now() - t0)) * 1000 };
}
