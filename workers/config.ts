// Typed settings read from the Worker's env, with the safety checks that production needs.

export interface Settings {
  isDev: boolean;
  codeTtlSeconds: number;
  codeCooldownSeconds: number;
  codeMaxAttempts: number;
  /** Access-token lifetime (short). */
  tokenTtlSeconds: number;
  /** Session and refresh-token lifetime, renewed by every refresh. */
  refreshTtlSeconds: number;
  /** How long the refresh token just rotated away still gets the same new token (not a revocation). */
  refreshGraceSeconds: number;
  pbkdf2Iterations: number;
}

const MIN_SECRET_LENGTH = 32;
/** workerd refuses PBKDF2 above 100,000 iterations. */
const MAX_PBKDF2_ITERATIONS = 100_000;

function positiveInt(name: string, raw: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > max) throw new Error(`config: ${name} must be an integer in 1..${max}, got "${raw}"`);
  return n;
}

/** Reads and checks settings; throws a message naming the variable to fix. */
export function readSettings(env: Env): Settings {
  const isDev = env.APP_ENV === "development";
  if (!env.TOKEN_SECRET || env.TOKEN_SECRET.length < MIN_SECRET_LENGTH) {
    throw new Error(`config: TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters (wrangler secret put TOKEN_SECRET)`);
  }
  if (!isDev && /change-me|local/i.test(env.TOKEN_SECRET)) {
    throw new Error("config: TOKEN_SECRET is the example value; set a random one with `wrangler secret put TOKEN_SECRET`");
  }
  for (const name of ["DATABASE_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "RESEND_API_KEY"] as const) {
    if (!env[name]) throw new Error(`config: ${name} is not set (see .dev.vars.example)`);
  }
  return {
    isDev,
    codeTtlSeconds: positiveInt("CODE_TTL_SECONDS", env.CODE_TTL_SECONDS),
    codeCooldownSeconds: positiveInt("CODE_COOLDOWN_SECONDS", env.CODE_COOLDOWN_SECONDS),
    codeMaxAttempts: positiveInt("CODE_MAX_ATTEMPTS", env.CODE_MAX_ATTEMPTS),
    tokenTtlSeconds: positiveInt("TOKEN_TTL_SECONDS", env.TOKEN_TTL_SECONDS),
    refreshTtlSeconds: positiveInt("REFRESH_TTL_SECONDS", env.REFRESH_TTL_SECONDS),
    refreshGraceSeconds: positiveInt("REFRESH_GRACE_SECONDS", env.REFRESH_GRACE_SECONDS, 300),
    pbkdf2Iterations: positiveInt("PBKDF2_ITERATIONS", env.PBKDF2_ITERATIONS, MAX_PBKDF2_ITERATIONS),
  };
}
