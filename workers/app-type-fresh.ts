// Fails `npm run typecheck` while client/app-type.d.ts (the routes' types the SDK reads) differs
// from the routes: rewrite it with npx vitest run --project node tests/unit/client-app-type.test.ts -u
// (kept out of app-type.ts so that the generated file never feeds its own generation).
import type { HonoBase } from "hono/hono-base";
import type { AppType as Generated } from "../client/app-type";
import type { AppType } from "./app-type";

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every route in one object type (a schema is a union of one member per mounted module). */
type RoutesOf<T> = UnionToIntersection<T extends HonoBase<infer _E, infer S, infer _B, infer _P> ? S : never>;
/** Identical, not merely assignable (an extra route would be assignable). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Fresh<T extends true> = T;
export type GeneratedIsFresh = Fresh<Same<RoutesOf<AppType>, RoutesOf<Generated>>>;
