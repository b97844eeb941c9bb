// Entry point: the Hono app as the fetch handler, plus the Durable Object class it binds.
import { app } from "./app";

export { UserSession } from "../durable-objects/user-session";

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
