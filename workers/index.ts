// Entry point: the Hono app as the fetch handler, the cron's file clean-up, plus the Durable
// Object classes it binds.
import { app } from "./app";
import { cleanUpFiles } from "./files/cleanup";
import { logEvent } from "./lib/metrics";

export { UserSession } from "../durable-objects/user-session";
export { GroupRoom } from "../durable-objects/group-room";

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(
      cleanUpFiles(env, controller.scheduledTime).then(
        (report) => logEvent("info", "file clean-up", { ...report }),
        (err: unknown) => logEvent("error", "file clean-up", { error: String(err) }),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
