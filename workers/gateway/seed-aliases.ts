// The seed GateServer's four routes, kept for old clients: thin wrappers over the /v1 flows that
// answer HTTP 200 with the seed's integer `error` field (plus a readable `message` and `code`).
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { ErrorCode } from "../../protocol/errors";
import { seedAliasBodies } from "../../protocol/seed-aliases";
import type { AppEnv } from "../context";
import { ApiError, safeCause, toApiError } from "../errors";
import { login, register, requestCode, resetPassword } from "./accounts";
import { findUserByEmail } from "./users";

/** The seed's error numbers (its `ErrorCodes` enum). */
export const SEED_ERROR = {
  Success: 0,
  Error_Json: 1001,
  RPCFailed: 1002,
  VarifyExpired: 1003,
  VarifyCodeErr: 1004,
  UserExist: 1005,
  PasswdErr: 1006,
  EmailNotMatch: 1007,
  PasswdUpFailed: 1008,
  PasswdInvalid: 1009,
  TokenInvalid: 1010,
  UidInvalid: 1011,
} as const;

const SEED_CODE_FOR: Partial<Record<ErrorCode, number>> = {
  INVALID_JSON: SEED_ERROR.Error_Json,
  VALIDATION_FAILED: SEED_ERROR.Error_Json,
  CODE_EXPIRED: SEED_ERROR.VarifyExpired,
  CODE_ATTEMPTS_EXCEEDED: SEED_ERROR.VarifyExpired,
  CODE_INVALID: SEED_ERROR.VarifyCodeErr,
  USERNAME_TAKEN: SEED_ERROR.UserExist,
  EMAIL_TAKEN: SEED_ERROR.UserExist,
  WEAK_PASSWORD: SEED_ERROR.PasswdErr,
  INVALID_CREDENTIALS: SEED_ERROR.PasswdInvalid,
  UNAUTHORIZED: SEED_ERROR.TokenInvalid,
  TOKEN_INVALID: SEED_ERROR.TokenInvalid,
  TOKEN_EXPIRED: SEED_ERROR.TokenInvalid,
  TOKEN_REVOKED: SEED_ERROR.TokenInvalid,
};

/** Runs one alias: parses the body, maps every failure to the seed's error numbers. */
async function seedCall<T extends z.ZodType>(c: Context<AppEnv>, schema: T, run: (body: z.infer<T>) => Promise<object>) {
  try {
    const raw: unknown = await c.req.json().catch(() => {
      throw new ApiError("INVALID_JSON", "body is not valid JSON");
    });
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new ApiError("VALIDATION_FAILED", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return c.json({ error: SEED_ERROR.Success, ...(await run(parsed.data)) });
  } catch (err) {
    const apiError = toApiError(err);
    if (apiError.status >= 500)
      console.error(JSON.stringify({ level: "error", route: c.req.path, code: apiError.code, cause: safeCause(apiError.cause) }));
    const seedCode = "seedCode" in apiError && typeof apiError.seedCode === "number" ? apiError.seedCode : undefined;
    const error = seedCode ?? SEED_CODE_FOR[apiError.code] ?? SEED_ERROR.RPCFailed;
    return c.json({ error, code: apiError.code, message: apiError.message });
  }
}

/** An ApiError that names its seed number directly (for checks only the seed routes make). */
const seedError = (seedCode: number, code: ErrorCode, message: string) => Object.assign(new ApiError(code, message), { seedCode });

export const seedAliasRoutes = new Hono<AppEnv>()
  .get("/get_test", (c) => c.json({ error: SEED_ERROR.Success, message: "QChat gateway is up" }))
  // The seed uses one code for sign-up and reset; the alias picks the purpose from whether the account exists.
  .post("/get_code", (c) =>
    seedCall(c, seedAliasBodies.getCode, async ({ email }) => {
      const purpose = (await findUserByEmail(c.var.deps.db, email)) ? "reset" : "register";
      await requestCode(c.var.deps, { email, purpose });
      return { email };
    }),
  )
  .post("/user_register", (c) =>
    seedCall(c, seedAliasBodies.register, async (b) => {
      if (b.passwd !== b.confirm) throw seedError(SEED_ERROR.PasswdErr, "VALIDATION_FAILED", "password and confirmation differ");
      const user = await register(c.var.deps, { username: b.user, email: b.email, password: b.passwd, code: b.varifycode });
      return { uid: user.id, user: user.username, email: user.email };
    }),
  )
  .post("/reset_pwd", (c) =>
    seedCall(c, seedAliasBodies.reset, async (b) => {
      const account = await findUserByEmail(c.var.deps.db, b.email);
      if (!account || account.username.toLowerCase() !== b.user.toLowerCase()) {
        throw seedError(SEED_ERROR.EmailNotMatch, "VALIDATION_FAILED", "user and email do not match");
      }
      await resetPassword(c.var.deps, { email: b.email, password: b.passwd, code: b.varifycode });
      return { email: b.email, user: account.username };
    }),
  )
  .post("/user_login", (c) =>
    seedCall(c, seedAliasBodies.login, async (b) => {
      const reply = await login(c.var.deps, { login: (b.user || b.email)!, password: b.passwd }, c.req.url);
      const ws = new URL(reply.chat.url);
      const port = Number(ws.port || (ws.protocol === "wss:" ? 443 : 80));
      return {
        uid: reply.user.id,
        user: reply.user.username,
        email: reply.user.email,
        token: reply.token,
        host: ws.hostname,
        port,
        url: reply.chat.url,
      };
    }),
  );
