// The harness of the CLI command tests: a CLI signed in as Alice (a temporary config folder,
// XDG_CONFIG_HOME, holding a saved session for API), a command run with its printed lines
// collected, and a fetch stub answering by "METHOD path".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, vi } from "vitest";
import type { Context, Flags } from "../../cli/context";
import { saveSession, sessionPath } from "../../cli/session-store";
import { ALICE } from "./client-fake-socket";

/** The API every CLI test's session is saved for; the fetch stubs never reach it. */
export const API = "http://qchat.test";

function signedInCli(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  vi.stubEnv("XDG_CONFIG_HOME", dir);
  saveSession(sessionPath(undefined), {
    api: API,
    token: "tok",
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    refreshToken: "refresh",
    refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: ALICE, username: "alice" },
    chatUrl: "ws://qchat.test/v1/ws",
    deviceId: "cli-test",
  });
  return dir;
}

/**
 * Signs the CLI in before each test of the enclosing suite and, after it, removes the folder and
 * every stubbed global (fetch) and env. Returns the current test's config folder.
 */
export function useSignedInCli(prefix = "qchat-cli-"): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = signedInCli(prefix);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error("useSignedInCli: no test is running");
    return dir;
  };
}

/** What a command gets from the command line, its printed lines pushed onto `out`. */
export function cliContext(args: string[], flags: Flags = {}, out: string[] = []): Context {
  return { api: API, apiChosen: false, sessionPath: sessionPath(undefined), flags, args, out: (line = "") => void out.push(line) };
}

/** Runs a command; `out` fills as it prints, `done` settles as it ends. */
export function runCli<T>(command: (ctx: Context) => Promise<T>, args: string[], flags: Flags = {}): { out: string[]; done: Promise<T> } {
  const out: string[] = [];
  return { out, done: command(cliContext(args, flags, out)) };
}

/** What serveRoutes answers, by "METHOD path": a JSON body, with status 200 unless given. */
export type RouteReplies = Record<string, { status?: number; body: unknown }>;

/**
 * Stubs fetch to answer "METHOD path" (the query string ignored) from `routes`, and 404
 * NOT_FOUND for anything else. Returns the calls as "METHOD path", with each call's JSON body
 * (`bodies`) and full URL (`urls`).
 */
export function serveRoutes(routes: RouteReplies) {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  const urls: URL[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const parsed = new URL(url);
    const key = `${init.method} ${parsed.pathname}`;
    calls.push(key);
    bodies.push(typeof init.body === "string" ? JSON.parse(init.body) : undefined);
    urls.push(parsed);
    const reply = routes[key];
    if (!reply) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: parsed.pathname } }), { status: 404 });
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200 });
  });
  return Object.assign(calls, { bodies, urls });
}
