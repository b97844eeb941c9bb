// /v1/me: the caller's own profile, their data as a download, and deleting their account
// (the logic in workers/account/).
import { Hono } from "hono";
import { deleteAccountBodySchema } from "../../protocol/account";
import { deleteAccount } from "../account/delete";
import { exportAccount } from "../account/export";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { requireAuth } from "../middleware/auth";
import { limitPerUser } from "../middleware/rate-limit";
import { jsonBody } from "../middleware/validate";
import { findUserById, toProfile } from "./users";

export const meRoutes = new Hono<AppEnv>()
  .get("/", requireAuth(), async (c) => {
    const user = await findUserById(c.var.deps.db, c.var.user.uid);
    if (!user) throw new ApiError("NOT_FOUND", "this account no longer exists");
    return c.json({ user: toProfile(user) });
  })
  .get("/export", requireAuth(), limitPerUser("exportsPerUser"), async (c) => {
    const uid = c.var.user.uid;
    const body = await exportAccount(c.var.deps, uid);
    return c.body(body, 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="qchat-export-${uid}.json"`,
      "Cache-Control": "no-store",
    });
  })
  .post("/delete", requireAuth(), jsonBody(deleteAccountBodySchema), async (c) =>
    c.json(await deleteAccount(c.var.deps, c.var.user.uid, c.req.valid("json").password)),
  );
