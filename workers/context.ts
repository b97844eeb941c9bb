// Per-request dependencies, built once per request from env and shared by every route.
import { createMiddleware } from "hono/factory";
import { readSettings, type Settings } from "./config";
import { getDb, type Db } from "./lib/db";
import { getMailer, type Mailer } from "./lib/mail";
import { getRedis, type Redis } from "./lib/redis";
import { findClientIp } from "./security/client-ip";
import type { AuthenticatedUser } from "./status/authenticate";

export interface Deps {
  env: Env;
  settings: Settings;
  db: Db;
  redis: Redis;
  mailer: Mailer;
  /** The caller's per-IP bucket (security/client-ip.ts); undefined outside development without a valid edge header. */
  clientIp?: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: { deps: Deps; user: AuthenticatedUser; token: string };
}

export function createDeps(env: Env, clientIp?: string): Deps {
  return { env, settings: readSettings(env), db: getDb(env), redis: getRedis(env), mailer: getMailer(env), clientIp };
}

export const withDeps = createMiddleware<AppEnv>(async function withDeps(c, next) {
  c.set("deps", createDeps(c.env, findClientIp(c)));
  await next();
});
