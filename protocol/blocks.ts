// HTTP contract of /v1/blocks: block a user, unblock them, list whom the caller blocks.
import { z } from "zod";
import { publicUserSchema } from "./events";

const uid = z.number().int().min(100_000_000).max(999_999_999);

/** `POST /v1/blocks`. */
export const blockBodySchema = z.object({ uid });
export type BlockBody = z.infer<typeof blockBodySchema>;

/** `DELETE /v1/blocks/:uid`. */
export const blockedUidParamSchema = z.object({ uid: z.coerce.number().int().min(100_000_000).max(999_999_999) });

export const blockedUserSchema = z.object({ user: publicUserSchema, blockedAt: z.string() });
export type BlockedUser = z.infer<typeof blockedUserSchema>;

/** 201 from `POST /v1/blocks` (also for a user already blocked). */
export const blockReplySchema = z.object({ block: blockedUserSchema });

/** `GET /v1/blocks`: newest first. */
export const blocksReplySchema = z.object({ blocks: z.array(blockedUserSchema) });
export type BlocksReply = z.infer<typeof blocksReplySchema>;
