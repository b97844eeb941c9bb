import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../workers/config";

describe("configuration checks", () => {
  it("accepts the local development settings", () => {
    expect(readSettings(env).isDev).toBe(true);
  });

  it("refuses a missing, short or example secret outside development, naming the variable", () => {
    const prod = { ...env, APP_ENV: "production" };
    expect(() => readSettings({ ...prod, TOKEN_SECRET: "" })).toThrow(/TOKEN_SECRET/);
    expect(() => readSettings({ ...prod, TOKEN_SECRET: "too-short" })).toThrow(/at least 32/);
    expect(() => readSettings({ ...prod, TOKEN_SECRET: "change-me-local-dev-token-secret-0123456789" })).toThrow(/example value/);
    expect(() => readSettings({ ...prod, TOKEN_SECRET: "x".repeat(48), DATABASE_URL: "" })).toThrow(/DATABASE_URL/);
    expect(readSettings({ ...prod, TOKEN_SECRET: "q9Zr1VfKx0Lm2Ns3Bt4Hy5Jw6Pd7Ge8Ca9Ub0Xo1Ie2" }).isDev).toBe(false);
  });

  it("refuses nonsense numbers and a PBKDF2 cost above workerd's limit", () => {
    expect(() => readSettings({ ...env, CODE_TTL_SECONDS: "soon" })).toThrow(/CODE_TTL_SECONDS/);
    expect(() => readSettings({ ...env, PBKDF2_ITERATIONS: "200000" })).toThrow(/PBKDF2_ITERATIONS/);
  });
});
