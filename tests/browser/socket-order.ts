// Pipelined sends on a real socket keep their order. The SDK sends every queued message without
// waiting for acks, so the server must assign sequence numbers in arrival order, whichever side
// owns the conversation, and in a group. Checked here, with Node's `ws` against `wrangler dev`, because the test
// pool's in-process sockets (SELF.fetch in vitest-pool-workers) deliver a burst out of order.
import assert from "node:assert/strict";
import WebSocket from "ws";
import { serverFrame } from "../../protocol/frames";
import { readCode, type Stack } from "./stack";

const BURST = 30;
const PASSWORD = "correct horse battery";

interface User {
  id: number;
  token: string;
}

async function api(stack: Stack, method: string, path: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const reply = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(reply)}`);
  return reply;
}

async function signUp(stack: Stack, tag: string): Promise<User> {
  const username = `order${tag}${Date.now().toString(36)}`;
  const email = `${username}@example.test`;
  const since = Date.now();
  await api(stack, "POST", "/v1/auth/code", { email, purpose: "register" });
  const code = await readCode(stack.mailboxUrl, email, since);
  const { user } = await api(stack, "POST", "/v1/auth/register", { username, email, password: PASSWORD, code });
  const { token } = await api(stack, "POST", "/v1/auth/login", { login: username, password: PASSWORD });
  return { id: user.id, token };
}

type Ack = { seq: number; clientMsgId: string };

/** Opens a socket, sends BURST messages at once (1:1 to a uid, or into a group) and returns the acks in arrival order. */
async function burst(stack: Stack, from: User, to: { uid: number } | { groupId: string }): Promise<Ack[]> {
  const ws = new WebSocket(`${stack.baseUrl.replace(/^http/, "ws")}/v1/ws?device=order`, {
    headers: { Authorization: `Bearer ${from.token}` },
  });
  const acks: Ack[] = [];
  const send = (i: number) =>
    "uid" in to
      ? { type: "send", id: `s${i}`, to: to.uid, clientMsgId: `o${i}`, body: `message ${i}` }
      : { type: "group_send", id: `s${i}`, groupId: to.groupId, clientMsgId: `o${i}`, body: `message ${i}` };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${acks.length} of ${BURST} acks within 15 s`)), 15_000);
      ws.on("error", reject);
      ws.on("message", (data) => {
        const frame = serverFrame.parse(JSON.parse(String(data)));
        if (frame.type === "hello") {
          for (let i = 0; i < BURST; i++) ws.send(JSON.stringify(send(i)));
        } else if (frame.type === "error") {
          reject(new Error(`error frame: ${JSON.stringify(frame)}`));
        } else if ((frame.type === "sent" || frame.type === "group_sent") && acks.push(frame) === BURST) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    ws.close();
  }
  return acks;
}

export async function checkPipelinedOrder(stack: Stack): Promise<void> {
  const [a, b] = [await signUp(stack, "a"), await signUp(stack, "b")];
  const { request } = await api(stack, "POST", "/v1/friends/requests", { to: b.id }, a.token);
  await api(stack, "POST", `/v1/friends/requests/${request.id}/accept`, { alias: "" }, b.token);
  // One burst from the conversation's owner (the smaller uid) and one from the other side.
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    const acks = await burst(stack, from, { uid: to.id });
    assertInOrder(acks, `a 1:1 burst from ${from.id < to.id ? "the owner" : "the non-owner"}`);
  }
  // And into a group: the group object assigns seqs in the order the sender's object forwards them.
  const { group } = await api(stack, "POST", "/v1/groups", { name: "order", members: [b.id] }, a.token);
  // B's frame budget (a burst of 40, 20/s) is spent by its 1:1 burst: let it refill.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  assertInOrder(await burst(stack, b, { groupId: group.groupId }), "a group burst");
}

function assertInOrder(acks: Ack[], what: string): void {
  const bySeq = [...acks].sort((x, y) => x.seq - y.seq).map((f) => f.clientMsgId);
  assert.deepEqual(
    bySeq,
    Array.from({ length: BURST }, (_, i) => `o${i}`),
    `sequence order of ${what}`,
  );
}
