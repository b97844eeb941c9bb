// The app's routes as one type without the Worker's environment, for the SDK's hc<AppType>.
// The SDK cannot import workers/app.ts itself: `typeof app` pulls in the Worker's globals (Env,
// the Durable Object classes, workerd's runtime types), which clash with the DOM and Node types
// of the web page's and the CLI's programs. So client/app-type.d.ts is this file's declaration
// (tsc -p tsconfig.app-type.json), checked in: it names only hono's types, so every program
// reads the same route types. tests/unit/client-app-type.test.ts fails when it is stale (and
// rewrites it with -u); app-type-fresh.ts fails `npm run typecheck` meanwhile.
import type { HonoBase } from "hono/hono-base";
import type { BlankEnv, Schema } from "hono/types";
import { app } from "./app";
import type { AppEnv } from "./context";

/** Never called at run time (nothing imports this module): it gives the declaration a type to print. */
const withoutEnv = <S extends Schema, B extends string, P extends string>(routes: HonoBase<AppEnv, S, B, P>) =>
  routes as unknown as HonoBase<BlankEnv, S, B, P>;

export const appRoutes = withoutEnv(app);
export type AppType = typeof appRoutes;
