// Chat fixtures: SDK connections into the Worker under test (sockets opened through SELF),
// and friend pairs ready to talk.
import { SELF, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { connectChat, openSocketViaFetch, type ChatConnection } from "../../client";
import { befriend, member, type Member } from "./friends-fixtures";
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

export const userStub = (uid: number) => env.USER_SESSION.get(env.USER_SESSION.idFromName(String(uid)));

/** Runs SQL inside a user's Durable Object (for inspecting state or moving its clock). */
export function inUserObject<T>(uid: number, run: (sql: SqlStorage, state: DurableObjectState) => T | Promise<T>): Promise<T> {
  return runInDurableObject(userStub(uid), (_instance, state) => run(state.storage.sql, state));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value (not undefined/false), or fails after timeoutMs. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
