// Chat fixtures: SDK connections into the Worker under test (sockets opened through SELF),
// and friend pairs ready to talk.
import { SELF, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { connectChat, openSocketViaFetch, type ChatConnection } from "../../client";
import { befriend, member, type Member } from "./friends-fixtures";
import { userSession } from "../../workers/lib/user-session";
import { BASE } from "./helpers";

/** The SDK's socket opener for workerd tests: upgrades through SELF instead of the network. */
export const openWorkerSocket = openSocketViaFetch((url, init) => SELF.fetch(url, init));

export function connect(m: Member, deviceId = "main"): Promise<ChatConnection> {
  return connectChat({ url: `${BASE.replace(/^http/, "ws")}/v1/ws`, token: m.token, deviceId, openSocket: openWorkerSocket });
}

/** Two fresh users who are friends. */
export async function friendPair(): Promise<[Member, Member]> {
  const a = await member("a");
  const b = await member("b");
  await befriend(a, b);
  return [a, b];
}

export const userStub = (uid: number) => userSession(env, uid);

/** Runs SQL inside a user's Durable Object (for inspecting state or moving its clock). */
export function inUserObject<T>(uid: number, run: (sql: SqlStorage, state: DurableObjectState) => T | Promise<T>): Promise<T> {
  return runInDurableObject(userStub(uid), (_instance, state) => run(state.storage.sql, state));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value (not undefined/false), or fails after timeoutMs. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A raw socket that records frames, for inputs the SDK would never send. */
export async function rawSocket(token: string, deviceId = "raw") {
  const res = await SELF.fetch(`${BASE}/v1/ws?device=${deviceId}`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` } });
  const ws = res.webSocket!;
  ws.accept();
  const frames: Record<string, unknown>[] = [];
  const closed = new Promise<{ code: number }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code })));
  ws.addEventListener("message", (e) => frames.push(JSON.parse(String(e.data)) as Record<string, unknown>));
  const next = async (type: string) => {
    for (let i = 0; i < 100; i++) {
      const found = frames.find((f) => f.type === type);
      if (found) return frames.splice(frames.indexOf(found), 1)[0]!;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`no ${type} frame`);
  };
  await next("hello");
  return { ws, next, closed, frames };
}
