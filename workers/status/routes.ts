// /v1/status: health of MySQL and Redis plus online counters (the seed's StatusServer view).
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { StatusReply } from "../../protocol/auth";
import type { AppEnv } from "../context";
import { readOnline } from "./online";

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    () => ({ ok: false as const }),
  );

export const statusRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const { db, redis } = c.var.deps;
  const [mysql, online] = await Promise.all([settle(db.execute(sql`select 1`)), settle(readOnline(redis))]);
  const body: StatusReply = {
    ok: mysql.ok && online.ok,
    services: { mysql: mysql.ok ? "up" : "down", redis: online.ok ? "up" : "down" },
    online: online.ok ? online.value : { users: 0, sockets: 0 },
    time: new Date().toISOString(),
  };
  return c.json(body, body.ok ? 200 : 503);
});
