// zod-validated JSON bodies whose failures use the one error envelope.
import { zValidator } from "@hono/zod-validator";
import type { ZodType } from "zod";
import { ApiError } from "../errors";

export function jsonBody<T extends ZodType>(schema: T) {
  return zValidator("json", schema, (result) => {
    if (result.success) return;
    const issues = result.error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    throw new ApiError("VALIDATION_FAILED", `invalid request: ${summary}`, { issues });
  });
}
