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
export interface Profile {
  id: number;
  username: string;
  email: string;
  nickname: string;
  avatarUrl: string | null;
  bio: string;
  sex: "unknown" | "male" | "female" | "other";
  createdAt: string;
}

/** Where the user's chat lives: the Durable Object shard and the socket to open. */
export interface ChatLocation {
  url: string;
  shard: string;
}

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(200) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

/** A short-lived access token and the refresh token that renews it (rotated on every use). */
export interface TokenPair {
  token: string;
  /** ISO-8601 expiry of the access token. */
  expiresAt: string;
  refreshToken: string;
  /** ISO-8601 expiry of the session unless refreshed again. */
  refreshExpiresAt: string;
}

export interface LoginReply extends TokenPair {
  user: Profile;
  chat: ChatLocation;
}

export interface CodeReply {
  ok: true;
  /** Seconds until the code expires. */
  expiresIn: number;
  /** Seconds before another code may be requested for this email. */
  cooldown: number;
}

export interface StatusReply {
  ok: boolean;
  services: { mysql: "up" | "down"; redis: "up" | "down" };
  online: { users: number; sockets: number };
  time: string;
}
