// Test helpers for the Worker: JSON calls through SELF, the local mailbox, and user fixtures.
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { LoginReply, Profile } from "../../protocol/auth";
import { hashPassword } from "../../workers/gateway/password";
import { insertUser, toProfile } from "../../workers/gateway/users";
import { getDb } from "../../workers/lib/db";

export const BASE = "http://qchat.test";

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the Worker with a JSON body (or a raw string) and parses the JSON reply. */
export async function call<T = any>(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined || opts.raw !== undefined) headers["Content-Type"] = "application/json";
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

let counter = 0;
/** Credentials nobody else in the run uses (the database persists across test files). */
export function newCredentials(prefix = "u") {
  const tag = `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { username: tag, email: `${tag}@example.test`, password: "correct horse battery" };
}

interface MailboxMessage {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  created_at: string;
}

/** Messages in the local mailbox for an address, newest first. */
export async function mailTo(email: string): Promise<MailboxMessage[]> {
  const res = await fetch(`${inject("mailboxUrl")}/api/messages?to=${encodeURIComponent(email)}`);
  return (await res.json()) as MailboxMessage[];
}

/** The 6-digit code of the newest email to an address (polls briefly: delivery is async-safe). */
export async function latestCode(email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const match = (await mailTo(email))[0]?.text.match(/\b(\d{6})\b/);
    if (match) return match[1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code email reached ${email}`);
}

/** Runs a raw Redis command through the Upstash emulator: used only to move time forward. */
export async function redis(...command: (string | number)[]): Promise<unknown> {
  const { url, token } = inject("upstash");
  const res = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(command) });
  return ((await res.json()) as { result: unknown }).result;
}

export async function registerUser(prefix?: string): Promise<ReturnType<typeof newCredentials> & { profile: Profile }> {
  const creds = newCredentials(prefix);
  const sent = await call("POST", "/v1/auth/code", { body: { email: creds.email, purpose: "register" } });
  if (sent.status !== 200) throw new Error(`code request failed: ${JSON.stringify(sent.body)}`);
  const code = await latestCode(creds.email);
  const res = await call("POST", "/v1/auth/register", {
    body: { username: creds.username, email: creds.email, password: creds.password, code },
  });
  if (res.status !== 201) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
  // Let tests ask for another code (e.g. a reset) without waiting out the 60 s cooldown.
  await redis("DEL", `qchat:code-cooldown:${creds.email}`);
  return { ...creds, profile: res.body.user };
}

/**
 * TEST ONLY: PBKDF2 iterations for seeded users. The stored hash carries its own cost, so the
 * real login route verifies it in about a millisecond instead of 100k iterations; the app itself
 * always hashes with PBKDF2_ITERATIONS.
 */
const LOW_COST = 1_000;

/**
 * A user seeded straight into MySQL through the app's own insertUser (no emailed code, no 100k
 * hash), for tests that need a user but do not test sign-up. The sign-up stories use registerUser.
 */
export async function seedUser(prefix?: string): Promise<ReturnType<typeof newCredentials> & { profile: Profile }> {
  const creds = newCredentials(prefix);
  const row = await insertUser(getDb(env), {
    username: creds.username,
    email: creds.email,
    passwordHash: await hashPassword(creds.password, LOW_COST),
  });
  return { ...creds, profile: toProfile(row) };
}

export async function login(loginName: string, password: string): Promise<LoginReply> {
  const res = await call<LoginReply>("POST", "/v1/auth/login", { body: { login: loginName, password } });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Makes `limit` requests (all must pass), then more until one is refused, and returns it. Sliding
 * windows (@upstash/ratelimit) weigh the previous window down as the current one goes on, so a run
 * that crosses a window boundary is refused a little later than request `limit + 1`, but always
 * by request `2 * limit + 1`.
 */
export async function requestsUntilRefused<T extends { status: number }>(
  limit: number,
  request: () => Promise<T>,
  batch = 25,
): Promise<{ passed: number[]; refused: T; extra: number }> {
  const passed: number[] = [];
  for (let sent = 0; sent < limit; sent += batch) {
    passed.push(...(await Promise.all(Array.from({ length: Math.min(batch, limit - sent) }, request))).map((r) => r.status));
  }
  for (let extra = 1; extra <= limit + 1; extra++) {
    const reply = await request();
    if (reply.status === 429) return { passed, refused: reply, extra };
  }
  throw new Error(`no 429 within ${2 * limit + 1} requests`);
}
