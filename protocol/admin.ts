// HTTP contract of the operator routes (/v1/admin/*).
import { z } from "zod";
import { groupIdSchema } from "./groups";

/** `GET /v1/admin/stats`: `uid` adds that user's object's stats, `group` that group's object's. */
export const adminStatsQuerySchema = z.object({
  uid: z.coerce.number().int().min(100_000_000).max(999_999_999).optional(),
  group: groupIdSchema.optional(),
});
