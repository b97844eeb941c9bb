// Documented routes: accounts (/v1/auth/*, /v1/me), health, the chat socket and the seed aliases.
import { z } from "zod";
import {
  codeReplySchema,
  codeRequestSchema,
  loginReplySchema,
  loginRequestSchema,
  okReplySchema,
  profileReplySchema,
  refreshRequestSchema,
  registerRequestSchema,
  resetReplySchema,
  resetRequestSchema,
  statusReplySchema,
  tokenPairSchema,
} from "../../protocol/auth";
import { accountExportSchema, deleteAccountBodySchema, deleteAccountReplySchema } from "../../protocol/account";
import { DEVICE_ID_PATTERN } from "../../protocol/frames";
import { seedAliasBodies as seedBodies } from "../../protocol/seed-aliases";
import type { ErrorCode } from "../../protocol/errors";
import { savedAndAnnounced, type RouteDoc } from "./route-doc";

const ok = { name: "OkReply", schema: okReplySchema };
const profile = { name: "ProfileReply", schema: profileReplySchema };
/** Register and reset: a new password with the emailed code. */
const passwordWithCode: ErrorCode[] = ["WEAK_PASSWORD", "CODE_INVALID", "CODE_EXPIRED", "CODE_ATTEMPTS_EXCEEDED"];
/** The caller's own account row, which may be gone. */
const ownAccount: ErrorCode[] = ["NOT_FOUND", "DATABASE_UNAVAILABLE"];

export const accountRoutes: RouteDoc[] = [
  {
    method: "post",
    path: "/v1/auth/code",
    tag: "Accounts",
    summary: "Email a 6-digit code for sign-up or password reset",
    description: "For `reset` the reply is the same whether or not the account exists (no mail is sent when it does not).",
    auth: "none",
    limits: ["ip"],
    body: codeRequestSchema,
    replies: { 200: { description: "The code was sent", json: { name: "CodeReply", schema: codeReplySchema } } },
    errors: ["CODE_COOLDOWN", "MAIL_FAILED", "DATABASE_UNAVAILABLE"],
  },
  {
    method: "post",
    path: "/v1/auth/register",
    tag: "Accounts",
    summary: "Create an account with the emailed code",
    auth: "none",
    limits: ["ip"],
    body: registerRequestSchema,
    replies: { 201: { description: "The new account", json: profile } },
    errors: [...passwordWithCode, "USERNAME_TAKEN", "EMAIL_TAKEN", "REDIS_UNAVAILABLE", "DATABASE_UNAVAILABLE"],
  },
  {
    method: "post",
    path: "/v1/auth/login",
    tag: "Accounts",
    summary: "Log in with username or email and password",
    description: "Answers the tokens, the profile and where the user's chat socket lives.",
    auth: "none",
    limits: ["ip"],
    body: loginRequestSchema,
    replies: { 200: { description: "Logged in", json: { name: "LoginReply", schema: loginReplySchema } } },
    errors: ["INVALID_CREDENTIALS", "DATABASE_UNAVAILABLE"],
  },
  {
    method: "post",
    path: "/v1/auth/refresh",
    tag: "Accounts",
    summary: "Exchange a refresh token for a new token pair (rotated on every use)",
    description: "A refresh token used twice revokes its session (it was copied).",
    auth: "none",
    body: refreshRequestSchema,
    replies: { 200: { description: "The new token pair", json: { name: "TokenPair", schema: tokenPairSchema } } },
    errors: ["TOKEN_INVALID", "TOKEN_REVOKED", "REDIS_UNAVAILABLE"],
  },
  {
    method: "post",
    path: "/v1/auth/reset",
    tag: "Accounts",
    summary: "Set a new password with the emailed code; signs out every session",
    auth: "none",
    limits: ["ip"],
    body: resetRequestSchema,
    replies: { 200: { description: "Password changed", json: { name: "ResetReply", schema: resetReplySchema } } },
    errors: [...passwordWithCode, "DATABASE_UNAVAILABLE"],
  },
  {
    method: "post",
    path: "/v1/auth/logout",
    tag: "Accounts",
    summary: "End this session (its sockets close with 4001)",
    auth: "bearer",
    replies: { 200: { description: "Logged out", json: ok } },
    errors: [],
  },
  {
    method: "get",
    path: "/v1/me",
    tag: "Accounts",
    summary: "The caller's own profile",
    auth: "bearer",
    replies: { 200: { description: "The profile", json: profile } },
    errors: ownAccount,
  },
  {
    method: "get",
    path: "/v1/me/export",
    tag: "Accounts",
    summary: "Everything QChat keeps about the caller, as a JSON download",
    description:
      'Profile, friends, friend requests, blocks, groups, every 1:1 message sent or received (per peer), every group message sent, and the caller\'s uploads with their download path. Built from MySQL, which is written shortly behind the chat objects. `Content-Disposition: attachment; filename="qchat-export-<uid>.json"`. 5 per hour.',
    auth: "bearer",
    limits: ["user"],
    replies: { 200: { description: "The export (streamed)", json: { name: "AccountExport", schema: accountExportSchema } } },
    errors: ownAccount,
  },
  {
    method: "post",
    path: "/v1/me/delete",
    tag: "Accounts",
    summary: "Delete the caller's account (the password again)",
    description:
      "Revokes every session, ends friendships, requests and blocks, leaves every group (an owner's passes on), erases the user's chat object (sockets close with 4010) and uploads, and removes the profile; the id is never issued again. Messages stay in other people's conversations, shown as from a deleted user. A wrong password counts against the login limit. Safe to retry (log in again) if it fails halfway: see docs/privacy.md.",
    auth: "bearer",
    limits: ["user"],
    body: deleteAccountBodySchema,
    replies: {
      200: {
        description: "Deleted; every token is refused from now on",
        json: { name: "DeleteAccountReply", schema: deleteAccountReplySchema },
      },
    },
    errors: ["INVALID_CREDENTIALS", "NOT_FOUND", ...savedAndAnnounced],
  },
  {
    method: "get",
    path: "/v1/status",
    tag: "Operations",
    summary: "Health of MySQL and Redis and the online counters",
    auth: "none",
    replies: {
      200: { description: "Everything is up", json: { name: "StatusReply", schema: statusReplySchema } },
      503: { description: "A dependency is down (same body, `ok: false`)", json: { name: "StatusReply", schema: statusReplySchema } },
    },
    errors: [],
  },
  {
    method: "get",
    path: "/v1/ws",
    tag: "Chat socket",
    summary: "Open the chat WebSocket (frames: /v1/protocol.schema.json)",
    description:
      "Needs `Upgrade: websocket`. The token goes in `Authorization`, a `bearer.<token>` subprotocol (browsers) or `?token=`. Offer the `qchat.v1` subprotocol. `?device=` names this device (1-64 of letters, digits, _ or -).",
    auth: "socket",
    limits: ["ip", "user"],
    query: z.object({
      device: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    }),
    replies: { 101: { description: "Switching protocols: the socket is open and the server sends `hello` first" } },
    errors: [],
  },
];

/** The seed GateServer's routes: HTTP 200 with the seed's integer `error` field, for old clients. */
const seedReply = {
  name: "SeedReply",
  schema: z.looseObject({
    /** 0 on success, else the seed's error number (1001-1011). */
    error: z.number().int(),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
};
const seedAlias = (method: "get" | "post", path: string, summary: string, body?: RouteDoc["body"]): RouteDoc => ({
  method,
  path,
  tag: "Seed aliases (legacy)",
  summary,
  description: "Kept for the seed's clients: always HTTP 200; `error` is the seed's number (0 = success). New code uses /v1.",
  auth: "none",
  ...(body ? { body } : {}),
  replies: { 200: { description: "The seed's reply", json: seedReply } },
  errors: [],
  deprecated: true,
  failuresAs200: true,
});

export const seedAliasDocs: RouteDoc[] = [
  seedAlias("get", "/get_test", "The gateway is up"),
  seedAlias("post", "/get_code", "Email a code", seedBodies.getCode),
  seedAlias("post", "/user_register", "Register", seedBodies.register),
  seedAlias("post", "/reset_pwd", "Reset the password", seedBodies.reset),
  seedAlias("post", "/user_login", "Log in with email or user name", seedBodies.login),
];
