// Per-request Drizzle over the PlanetScale HTTP driver; the only place that imports the driver.
import { Client } from "@planetscale/database";
import { drizzle } from "drizzle-orm/planetscale-serverless";
import * as schema from "../../schema";
import { DependencyError } from "./dependency";

export type Db = ReturnType<typeof getDb>;

/** Network failures and 5xx answers mean "database unavailable", not "bad query". */
const guardedFetch: typeof fetch = async (input, init) => {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (err) {
    throw new DependencyError("mysql", err);
  }
  if (response.status >= 500) throw new DependencyError("mysql", new Error(`HTTP ${response.status}: ${await response.text()}`));
  return response;
};

export function getDb(env: Pick<Env, "DATABASE_URL">) {
  return drizzle(new Client({ url: env.DATABASE_URL, fetch: guardedFetch }), { schema });
}

/** True when a driver error is a unique-key violation (MySQL errno 1062), optionally on one key. */
export function isDuplicateKey(err: unknown, key?: string): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/errno 1062|Duplicate entry/i.test(e.message)) return key === undefined || e.message.includes(key);
  }
  return false;
}
