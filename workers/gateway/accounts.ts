// The account flows behind both the /v1 routes and the seed aliases: code, register, login, reset.
import type {
  CodeReply,
  CodeRequest,
  LoginReply,
  LoginRequest,
  Profile,
  RefreshRequest,
  RegisterRequest,
  ResetRequest,
  TokenPair,
} from "../../protocol/auth";
import type { Deps } from "../context";
import { ApiError } from "../errors";
import { enforce } from "../security/rate-limit";
import { chatLocation } from "../status/chat-location";
import { closeSessionSockets, createSession, revokeAllSessions } from "../status/sessions";
import { issueRefreshToken, rotateRefreshToken } from "../status/refresh";
import { signToken } from "../status/token";
import { codeEmail } from "../verify/code-email";
import { consumeCode, createCode, discardCode } from "../verify/codes";
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from "./password";
import { assertAvailable, findUserByEmail, findUserByLogin, insertUser, loginKey, toProfile, updatePasswordHash } from "./users";

function assertPasswordPolicy(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new ApiError("WEAK_PASSWORD", problem);
}

/**
 * Emails a code. For a reset, the reply is the same whether or not the account exists (no mail
 * is sent when it does not), so the endpoint cannot be used to discover accounts.
 */
export async function requestCode(deps: Deps, { email, purpose }: CodeRequest): Promise<CodeReply> {
  const { redis, settings } = deps;
  await enforce(deps, "codePerIp", deps.clientIp);
  await enforce(deps, "codePerEmail", email);
  const code = await createCode(redis, settings, email, purpose);
  const reply: CodeReply = { ok: true, expiresIn: settings.codeTtlSeconds, cooldown: settings.codeCooldownSeconds };
  if (purpose === "reset" && !(await findUserByEmail(deps.db, email))) return reply;
  try {
    await deps.mailer(codeEmail(email, code, purpose, settings.codeTtlSeconds));
  } catch (err) {
    await discardCode(redis, email, purpose);
    throw new ApiError("MAIL_FAILED", "the email could not be sent; try again in a moment", { cause: err });
  }
  return reply;
}

export async function register(deps: Deps, req: RegisterRequest): Promise<Profile> {
  await enforce(deps, "registerPerIp", deps.clientIp);
  await enforce(deps, "registerPerEmail", req.email);
  assertPasswordPolicy(req.password);
  // The code first: without it, USERNAME_TAKEN/EMAIL_TAKEN would tell anyone which emails have
  // accounts. A taken name after a valid code spends the code (docs/protocol.md).
  await consumeCode(deps.redis, deps.settings, req.email, "register", req.code);
  await assertAvailable(deps.db, req.username, req.email);
  const passwordHash = await hashPassword(req.password, deps.settings.pbkdf2Iterations);
  return toProfile(await insertUser(deps.db, { username: req.username, email: req.email, passwordHash }));
}

export async function login(deps: Deps, req: LoginRequest, requestUrl: string): Promise<LoginReply> {
  await enforce(deps, "loginPerIp", deps.clientIp);
  const user = await findUserByLogin(deps.db, req.login);
  // One budget per account whatever spelling reached it; an unknown name gets a budget of its
  // normalised spelling, so guessing names is limited too, and the reply never says which.
  await enforce(deps, "loginPerAccount", user ? `uid:${user.id}` : `login:${loginKey(req.login)}`);
  // Hash even when the user is unknown, so response time does not reveal which accounts exist.
  const valid = await verifyPassword(req.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) throw new ApiError("INVALID_CREDENTIALS", "wrong username/email or password");
  const jti = await createSession(deps.redis, user.id, deps.settings.refreshTtlSeconds);
  const refreshToken = await issueRefreshToken(deps.redis, deps.env.TOKEN_SECRET, jti, deps.settings.refreshTtlSeconds);
  return {
    ...(await tokenPair(deps, user.id, jti, refreshToken)),
    user: toProfile(user),
    chat: chatLocation(deps.env, requestUrl, user.id),
  };
}

/** Exchanges a refresh token for a new access token and a new refresh token (same session). */
export async function refresh(deps: Deps, req: RefreshRequest): Promise<TokenPair> {
  const { refreshTtlSeconds: ttlSeconds, refreshGraceSeconds: graceSeconds } = deps.settings;
  const rotated = await rotateRefreshToken(deps.redis, deps.env.TOKEN_SECRET, req.refreshToken, { ttlSeconds, graceSeconds });
  if (!rotated.ok) {
    // An already-rotated token came back: it was copied. The session is revoked; end its sockets.
    await closeSessionSockets(deps.env, rotated.uid, [rotated.jti]);
    throw new ApiError("TOKEN_REVOKED", "this refresh token was already used; the session was signed out for safety");
  }
  return tokenPair(deps, rotated.uid, rotated.jti, rotated.refreshToken);
}

async function tokenPair(deps: Deps, uid: number, jti: string, refreshToken: string): Promise<TokenPair> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + deps.settings.tokenTtlSeconds;
  return {
    token: await signToken({ sub: String(uid), jti, iat, exp }, deps.env.TOKEN_SECRET),
    expiresAt: new Date(exp * 1000).toISOString(),
    refreshToken,
    refreshExpiresAt: new Date((iat + deps.settings.refreshTtlSeconds) * 1000).toISOString(),
  };
}

/** Sets a new password with an emailed code and signs out every session of that user. */
export async function resetPassword(deps: Deps, req: ResetRequest): Promise<{ revokedSessions: number }> {
  await enforce(deps, "resetPerIp", deps.clientIp);
  await enforce(deps, "resetPerEmail", req.email);
  assertPasswordPolicy(req.password);
  await consumeCode(deps.redis, deps.settings, req.email, "reset", req.code);
  const user = await findUserByEmail(deps.db, req.email);
  // Codes are only mailed to existing accounts, so a valid code implies the account exists.
  if (!user) throw new ApiError("CODE_EXPIRED", "no valid code for this email; request a new one");
  await updatePasswordHash(deps.db, user.id, await hashPassword(req.password, deps.settings.pbkdf2Iterations));
  const revokedSessions = await revokeAllSessions(deps.redis, user.id);
  await closeSessionSockets(deps.env, user.id, "all");
  return { revokedSessions };
}
