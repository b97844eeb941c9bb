// Users, sockets and message load for the chaos run, through the real API and the SDK.
import { openNodeSocket } from "../cli/node-socket";
import { connectChat, createHttpClient, type ChatConnection } from "../client";
import { checkStored, type MysqlTarget } from "./stored";

export interface Pair {
  a: User;
  b: User;
}
interface User {
  id: number;
  token: string;
}

async function codeFor(mailbox: string, email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const mails = (await (await fetch(`${mailbox}/api/messages?to=${encodeURIComponent(email)}`)).json()) as { subject: string }[];
    const code = mails[0]?.subject.match(/\d{6}/)?.[0];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${email}`);
}

async function newUser(api: string, mailbox: string, name: string): Promise<User> {
  const http = createHttpClient({ baseUrl: api });
  const email = `${name}@chaos.test`;
  await http.requestCode({ email, purpose: "register" });
  await http.register({ username: name, email, password: "chaos password 1", code: await codeFor(mailbox, email) });
  const { token, user } = await http.login({ login: name, password: "chaos password 1" });
  return { id: user.id, token };
}

export async function createPairs(api: string, mailbox: string, count: number): Promise<Pair[]> {
  const tag = Date.now().toString(36);
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const a = await newUser(api, mailbox, `ca${i}${tag}`);
    const b = await newUser(api, mailbox, `cb${i}${tag}`);
    const reply = await createHttpClient({ baseUrl: api, token: a.token }).sendFriendRequest(b.id);
    if ("request" in reply) await createHttpClient({ baseUrl: api, token: b.token }).acceptFriendRequest(reply.request.id);
    pairs.push({ a, b });
  }
  return pairs;
}

/** Connects every user (device "chaos"); keeps the message ids each B received, across reconnects. */
export const received = new Map<number, string[]>();
export async function connectAll(api: string, pairs: Pair[], previous?: Map<number, ChatConnection>): Promise<Map<number, ChatConnection>> {
  for (const c of previous?.values() ?? []) c.close();
  const conns = new Map<number, ChatConnection>();
  const url = `${api.replace(/^http/, "ws")}/v1/ws`;
  for (const { a, b } of pairs) {
    for (const u of [a, b]) {
      const t0 = Date.now();
      // Generous: the first connection after a crash also wakes the object and replays its queues.
      conns.set(u.id, await connectChat({ url, token: u.token, deviceId: "chaos", openSocket: openNodeSocket, helloTimeoutMs: 60_000 }));
      if (Date.now() - t0 > 2000) console.log(`[chaos] slow connect for ${u.id}: ${Date.now() - t0} ms`);
    }
    const list = received.get(b.id) ?? [];
    received.set(b.id, list);
    conns.get(b.id)!.on("message", (e) => void (e.message.to === b.id && list.push(e.message.messageId)));
  }
  return conns;
}

export interface LoadResult {
  sent: number;
  acked: Map<string, string>;
  unacked: Map<number, string[]>;
}

/** Each A sends to its B at `rate`/s for `durationMs`, after re-sending `retry` (same clientMsgIds). */
export async function sendLoad(
  conns: Map<number, ChatConnection>,
  pairs: Pair[],
  rate: number,
  durationMs: number,
  retry?: Map<number, string[]>,
): Promise<LoadResult> {
  const result: LoadResult = { sent: 0, acked: new Map(), unacked: new Map() };
  await Promise.all(
    pairs.map(async ({ a, b }) => {
      const conn = conns.get(a.id)!;
      const ids = [...(retry?.get(a.id) ?? [])];
      const end = Date.now() + durationMs;
      for (let n = 0; ids.length > 0 || Date.now() < end; n++) {
        const clientMsgId = ids.shift() ?? `${a.id}-${Date.now()}-${n}`;
        result.sent++;
        try {
          const sent = await conn.send(b.id, `chaos ${clientMsgId}`, { clientMsgId });
          result.acked.set(clientMsgId, sent.messageId);
        } catch {
          result.unacked.set(a.id, [...(result.unacked.get(a.id) ?? []), clientMsgId]);
        }
        await new Promise((r) => setTimeout(r, 1000 / rate));
      }
    }),
  );
  return result;
}

/** Waits for delivery and for MySQL, then counts: [sent, acked, delivered, stored, lost, duplicated, redelivered]. */
export async function checkDelivery(api: string, db: MysqlTarget, pairs: Pair[], load: LoadResult): Promise<string[]> {
  const ackedIds = new Set(load.acked.values());
  const deadline = Date.now() + 90_000;
  for (;;) {
    const delivered = new Set(pairs.flatMap(({ b }) => received.get(b.id) ?? []));
    if ([...ackedIds].every((id) => delivered.has(id)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const stored = await checkStored(
    db,
    api,
    pairs.map(({ a, b }) => ({ a: a.id, b: b.id })),
    load.acked,
    deadline,
  );
  const all = pairs.flatMap(({ b }) => received.get(b.id) ?? []);
  const delivered = new Set(all);
  const undelivered = [...ackedIds].filter((id) => !delivered.has(id)).length;
  return [
    load.sent,
    load.acked.size,
    ackedIds.size - undelivered,
    stored.stored,
    undelivered + stored.missing,
    stored.duplicated,
    all.length - delivered.size,
  ].map(String);
}
