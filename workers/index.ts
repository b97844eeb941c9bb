// Entry point: the Hono app as the fetch handler, plus the Durable Object classes it binds.
import { app } from "./app";

export { UserSession } from "../durable-objects/user-session";
export { GroupRoom } from "../durable-objects/group-room";

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
