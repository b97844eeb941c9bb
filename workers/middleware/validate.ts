// zod-validated JSON bodies, query strings and path parameters whose failures use the one
// error envelope.
import { zValidator } from "@hono/zod-validator";
import type { ZodType } from "zod";
import { ApiError } from "../errors";

type Outcome = { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };

function rejectInvalid(result: Outcome): void {
  if (result.success) return;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new ApiError("VALIDATION_FAILED", `invalid request: ${summary}`, { issues });
}

export function jsonBody<T extends ZodType>(schema: T) {
  return zValidator("json", schema, rejectInvalid);
}

export function queryParams<T extends ZodType>(schema: T) {
  return zValidator("query", schema, rejectInvalid);
}

export function pathParams<T extends ZodType>(schema: T) {
  return zValidator("param", schema, rejectInvalid);
}
