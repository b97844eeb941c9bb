// Command-line flags of `npm run bench`, their defaults, the --smoke preset, and hard upper
// bounds so no invocation can run unbounded (loopback only, sockets within the fd limit).
import { parseArgs } from "node:util";

export interface BenchFlags {
  users: number;
  rate: number;
  duration: number;
  window: number;
  idle: number;
  hold: number;
  logins: number;
  registers: number;
  httpConcurrency: number;
  connectConcurrency: number;
  body: number;
  ackDelay: number;
  relay: boolean;
  room: boolean;
  cost: boolean;
  /** The group phases (issue 12): one group per size at `groupRate`, then the busy groups. */
  groups: boolean;
  groupSizes: number[];
  groupRate: number;
  /** Each sized group once more with every member reading what arrives. */
  groupReads: boolean;
  /** Groups busy at once and their member count; undefined skips that phase. */
  busyGroups?: { groups: number; members: number };
  json: boolean;
  smoke: boolean;
  profile: boolean;
  keep: boolean;
  tmpfs: boolean;
}

const HELP = `npm run bench -- [flags]
  --users N            chat users in the ring, one socket each (default 1000, max 5000)
  --rate R             fixed-rate phase: messages/s in total (default 1000, max 20000)
  --duration S         seconds of each chat phase (default 10, max 120)
  --window W           fast phase: messages in flight per sender (default 2, max 50)
  --idle K             idle-capacity phase: sockets opened, held, then one message each (default 2000, max 12000)
  --hold S             seconds the idle sockets are held (default 20, max 300)
  --logins L           HTTP logins measured, with and without the password hash (default 100, max 2000)
  --registers N        full sign-ups (code email + register) measured (default 20, max 200)
  --http-concurrency C concurrent HTTP requests (default 4)
  --connect-concurrency C  concurrent WebSocket handshakes (default 50)
  --body B             message body length in characters (default 64)
  --ack-delay MS       coalesce client acks to one per socket per MS (default 20, as the SDK; 0 = one per frame)
  --no-relay           skip the bare ws relay (no QChat/relay ratios)
  --no-room            skip the same-runtime room baseline, one Durable Object per pair (no QChat/room ratios)
  --no-cost            skip the cost-per-operation phases (messages with receipts and echo, connects, logins)
  --no-groups          skip the group phases
  --group-sizes A,B,.. one group of each size (2-500 members, all online) taking --group-rate messages/s for
                       --duration s: delivery to every member and the cost per message (default 10,100,500)
  --group-rate R       messages/s into each sized group (default 5, max 200)
  --group-reads        then each sized group again with every member sending group_read for what arrives
                       (a client with the group open), with its own cost row
  --busy-groups GxM    G groups of M members busy at once, --window messages in flight per group (default
                       100x20; 0 skips)
  --profile            CPU-profile workerd (inspector) during the fast phase; prints the top functions
  --smoke              tiny CI run: 10 users, groups of 10 and 4x5, a few seconds; exit 1 unless 0 lost/duplicated/out-of-order
  --json               print the result as JSON on stdout (progress still goes to stderr)
  --tmpfs              keep Durable Object storage in /dev/shm: no disk fsync per commit (production
                       storage is replicated, not a local disk; run both to see the disk's share)
  --keep               keep the stack's data dir (.tmp/bench-*) for inspection`;

/** Upper bounds; `idle` is also the most sockets one idle phase opens (the load client's open-file limit). */
export const LIMITS = {
  users: 5000,
  rate: 20000,
  duration: 120,
  window: 50,
  idle: 12000,
  hold: 300,
  logins: 2000,
  registers: 200,
  httpConcurrency: 64,
  connectConcurrency: 500,
  body: 4000,
  ackDelay: 5000,
  groupSize: 500,
  groupRate: 200,
  /** Users in all busy groups together. */
  busyMembers: 5000,
};

export function readFlags(argv = process.argv.slice(2)): BenchFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: "string" },
      rate: { type: "string" },
      duration: { type: "string" },
      window: { type: "string" },
      idle: { type: "string" },
      hold: { type: "string" },
      logins: { type: "string" },
      registers: { type: "string" },
      "http-concurrency": { type: "string" },
      "connect-concurrency": { type: "string" },
      body: { type: "string" },
      "ack-delay": { type: "string" },
      "no-relay": { type: "boolean" },
      "no-room": { type: "boolean" },
      "no-cost": { type: "boolean" },
      "no-groups": { type: "boolean" },
      "group-sizes": { type: "string" },
      "group-rate": { type: "string" },
      "group-reads": { type: "boolean" },
      "busy-groups": { type: "string" },
      profile: { type: "boolean" },
      smoke: { type: "boolean" },
      json: { type: "boolean" },
      keep: { type: "boolean" },
      tmpfs: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const smoke = values.smoke ?? false;
  const defaults = smoke
    ? {
        users: 10,
        rate: 50,
        duration: 2,
        window: 2,
        idle: 20,
        hold: 1,
        logins: 4,
        registers: 2,
        httpConcurrency: 2,
        connectConcurrency: 10,
        body: 64,
        ackDelay: 20,
      }
    : {
        users: 1000,
        rate: 1000,
        duration: 10,
        window: 2,
        idle: 2000,
        hold: 20,
        logins: 100,
        registers: 20,
        httpConcurrency: 4,
        connectConcurrency: 50,
        body: 64,
        ackDelay: 20,
      };
  const groupDefaults = smoke ? { sizes: "10", rate: "5", busy: "4x5" } : { sizes: "10,100,500", rate: "5", busy: "100x20" };
  const num = (key: keyof typeof defaults, raw: string | undefined, min: number) => {
    const n = raw === undefined ? defaults[key] : Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${key} must be a number >= ${min}\n\n${HELP}`);
    if (n > LIMITS[key]) throw new Error(`--${key} ${n} is above the bench's bound of ${LIMITS[key]}`);
    return n;
  };
  return {
    users: num("users", values.users, 3),
    rate: num("rate", values.rate, 1),
    duration: num("duration", values.duration, 1),
    window: num("window", values.window, 1),
    idle: num("idle", values.idle, 0),
    hold: num("hold", values.hold, 0),
    logins: num("logins", values.logins, 0),
    registers: num("registers", values.registers, 0),
    httpConcurrency: num("httpConcurrency", values["http-concurrency"], 1),
    connectConcurrency: num("connectConcurrency", values["connect-concurrency"], 1),
    body: num("body", values.body, 1),
    ackDelay: num("ackDelay", values["ack-delay"], 0),
    relay: !values["no-relay"],
    room: !values["no-room"],
    cost: !values["no-cost"],
    groups: !values["no-groups"],
    groupSizes: groupSizes(values["group-sizes"] ?? groupDefaults.sizes),
    groupRate: bounded("group-rate", Number(values["group-rate"] ?? groupDefaults.rate), 0.1, LIMITS.groupRate),
    groupReads: values["group-reads"] ?? false,
    busyGroups: busyGroups(values["busy-groups"] ?? groupDefaults.busy),
    json: values.json ?? false,
    smoke,
    profile: values.profile ?? false,
    keep: values.keep ?? false,
    tmpfs: values.tmpfs ?? false,
  };
}

function bounded(flag: string, n: number, min: number, max: number): number {
  if (!Number.isFinite(n) || n < min) throw new Error(`--${flag} must be a number >= ${min}\n\n${HELP}`);
  if (n > max) throw new Error(`--${flag} ${n} is above the bench's bound of ${max}`);
  return n;
}

/** `10,100,500`: each a whole number of members, 2 to the group cap. */
function groupSizes(raw: string): number[] {
  return raw
    .split(",")
    .filter((part) => part.trim() !== "")
    .map((part) => bounded("group-sizes", Number(part), 2, LIMITS.groupSize))
    .map((n) => {
      if (!Number.isInteger(n)) throw new Error(`--group-sizes: ${n} is not a whole number of members`);
      return n;
    });
}

/** `100x20` (groups x members), or 0 for none. */
function busyGroups(raw: string): { groups: number; members: number } | undefined {
  if (raw.trim() === "0") return undefined;
  const match = /^(\d+)x(\d+)$/.exec(raw.trim());
  if (!match) throw new Error(`--busy-groups must look like 100x20 (groups x members), or 0\n\n${HELP}`);
  const groups = bounded("busy-groups", Number(match[1]), 1, LIMITS.busyMembers);
  const members = bounded("busy-groups", Number(match[2]), 2, LIMITS.groupSize);
  if (groups * members > LIMITS.busyMembers)
    throw new Error(`--busy-groups ${raw}: ${groups * members} members in all is above the bench's bound of ${LIMITS.busyMembers}`);
  return { groups, members };
}
