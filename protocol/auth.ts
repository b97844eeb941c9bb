// HTTP contract of the account routes (/v1/auth/*, /v1/me): request schemas and reply shapes.
import { z } from "zod";

/** Usernames: 3–32 of letters, digits, `_ . -`; not all digits (those read as user ids). */
export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{2,31}$/, "3–32 characters: letters, digits, _ . - (not starting with . or -)")
  .refine((s) => !/^\d+$/.test(s), "must contain a letter or symbol (all-digit names are user ids)");

/** Emails are trimmed and lower-cased before use, so case never splits an account. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));

/** The password policy: length only (8–128), as NIST 800-63B recommends; no composition rules. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const passwordSchema = z.string();

export const codeSchema = z.string().regex(/^\d{6}$/, "the 6-digit code from the email");

export const CODE_PURPOSES = ["register", "reset"] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export const codeRequestSchema = z.object({ email: emailSchema, purpose: z.enum(CODE_PURPOSES) });
export const registerRequestSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
  code: codeSchema,
});
export const loginRequestSchema = z.object({
  /** Username or email. */
  login: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});
export const resetRequestSchema = z.object({ email: emailSchema, code: codeSchema, password: passwordSchema });

export type CodeRequest = z.infer<typeof codeRequestSchema>;
export type RegisterRequest = z.infer<typeof registerRequestSchema>;
export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type ResetRequest = z.infer<typeof resetRequestSchema>;

/** The caller's own profile (others never see email). */
export const profileSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  bio: z.string(),
  sex: z.enum(["unknown", "male", "female", "other"]),
  createdAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

/** Where the user's chat lives: the Durable Object shard and the socket to open. */
export const chatLocationSchema = z.object({ url: z.string(), shard: z.string() });
export type ChatLocation = z.infer<typeof chatLocationSchema>;

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(200) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

/** A short-lived access token and the refresh token that renews it (rotated on every use). */
export const tokenPairSchema = z.object({
  token: z.string(),
  /** ISO-8601 expiry of the access token. */
  expiresAt: z.string(),
  refreshToken: z.string(),
  /** ISO-8601 expiry of the session unless refreshed again. */
  refreshExpiresAt: z.string(),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const loginReplySchema = tokenPairSchema.extend({ user: profileSchema, chat: chatLocationSchema });
export type LoginReply = z.infer<typeof loginReplySchema>;

export const codeReplySchema = z.object({
  ok: z.literal(true),
  /** Seconds until the code expires. */
  expiresIn: z.number().int(),
  /** Seconds before another code may be requested for this email. */
  cooldown: z.number().int(),
});
export type CodeReply = z.infer<typeof codeReplySchema>;

export const statusReplySchema = z.object({
  ok: z.boolean(),
  services: z.object({ mysql: z.enum(["up", "down"]), redis: z.enum(["up", "down"]) }),
  online: z.object({ users: z.number().int(), sockets: z.number().int() }),
  time: z.string(),
});
export type StatusReply = z.infer<typeof statusReplySchema>;

/** `POST /v1/auth/register` (201) and `GET /v1/me`. */
export const profileReplySchema = z.object({ user: profileSchema });
/** `POST /v1/auth/reset`: every session of the account is revoked. */
export const resetReplySchema = z.object({ ok: z.literal(true), revokedSessions: z.number().int() });
/** Replies that only confirm (logout, reject, remove, dissolve, leave, revoke). */
export const okReplySchema = z.object({ ok: z.literal(true) });
