import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../workers/config";
import { getRedis } from "../../workers/lib/redis";
import { consumeCode, createCode, WRONG_GUESSES_PER_EMAIL_PER_HOUR } from "../../workers/verify/codes";
import { call, latestCode, login, redis, registerUser } from "./helpers";

const settings = readSettings(env);
const store = getRedis(env);

/** `count` distinct 6-digit codes that are not `right`. */
function wrongCodes(right: string, count: number): string[] {
  const codes = new Set<string>();
  for (let n = 0; codes.size < count; n++) if (String(n).padStart(6, "0") !== right) codes.add(String(n).padStart(6, "0"));
  return [...codes];
}

/** The error code a consumeCode call ended with, or "OK". */
const outcome = (attempt: Promise<void>) =>
  attempt.then(
    () => "OK",
    (err: { code?: string }) => err.code ?? String(err),
  );

async function freshCode(email: string, purpose: "register" | "reset" = "reset"): Promise<string> {
  await redis("DEL", `qchat:code-cooldown:${email}`);
  return createCode(store, settings, email, purpose);
}

/** Every qchat:code* key in Redis that has no TTL (read from Redis itself). */
async function codeKeysWithoutTtl(): Promise<string[]> {
  const eternal: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = (await redis("SCAN", cursor, "MATCH", "qchat:code*", "COUNT", 1000)) as [string, string[]];
    for (const key of keys) if ((await redis("TTL", key)) === -1) eternal.push(key);
    cursor = next;
  } while (cursor !== "0");
  return eternal;
}

/** What a parallel batch checked: the answers that only a comparison with the code can give. */
const CHECKED = new Set(["OK", "CODE_INVALID", "CODE_ATTEMPTS_EXCEEDED"]);
const checked = (outcomes: string[]) => outcomes.filter((o) => CHECKED.has(o));

describe("emailed codes under parallel guessing", () => {
  it("compares at most 5 of 100 parallel guesses (the right one included) and voids the code", async () => {
    const email = `race-${crypto.randomUUID()}@example.test`;
    const right = await freshCode(email);
    const guesses = wrongCodes(right, 99);
    guesses.splice(Math.floor(Math.random() * 100), 0, right);
    const outcomes = await Promise.all(guesses.map((g) => outcome(consumeCode(store, settings, email, "reset", g))));
    expect(checked(outcomes).length).toBeLessThanOrEqual(settings.codeMaxAttempts);
    expect(outcomes.filter((o) => o === "OK").length).toBeLessThanOrEqual(1);
    expect(new Set(outcomes.filter((o) => !CHECKED.has(o)))).toEqual(new Set(["CODE_EXPIRED"]));
    // Void either way: used by the right guess or deleted by the 5th wrong one.
    expect(await redis("EXISTS", `qchat:code:reset:${email}`)).toBe(0);
    expect(await outcome(consumeCode(store, settings, email, "reset", right))).toBe("CODE_EXPIRED");
    expect(await codeKeysWithoutTtl()).toEqual([]);
  });

  it("refuses the right code after 99 parallel wrong guesses", async () => {
    const email = `race-${crypto.randomUUID()}@example.test`;
    const right = await freshCode(email);
    const outcomes = await Promise.all(wrongCodes(right, 99).map((g) => outcome(consumeCode(store, settings, email, "reset", g))));
    expect(outcomes.filter((o) => o === "CODE_INVALID")).toHaveLength(settings.codeMaxAttempts - 1);
    expect(outcomes.filter((o) => o === "CODE_ATTEMPTS_EXCEEDED")).toHaveLength(1);
    expect(await outcome(consumeCode(store, settings, email, "reset", right))).toBe("CODE_EXPIRED");
    expect(await codeKeysWithoutTtl()).toEqual([]);
  });

  it(`caps wrong guesses per email at ${WRONG_GUESSES_PER_EMAIL_PER_HOUR} an hour across codes, then refuses even the right code`, async () => {
    const email = `cap-${crypto.randomUUID()}@example.test`;
    let wrong = 0;
    while (wrong < WRONG_GUESSES_PER_EMAIL_PER_HOUR) {
      const purpose = wrong % 2 === 0 ? "reset" : "register";
      const code = await freshCode(email, purpose);
      for (const g of wrongCodes(code, Math.min(settings.codeMaxAttempts, WRONG_GUESSES_PER_EMAIL_PER_HOUR - wrong))) {
        expect(await outcome(consumeCode(store, settings, email, purpose, g))).toMatch(/^CODE_(INVALID|ATTEMPTS_EXCEEDED)$/);
        wrong++;
      }
    }
    const right = await freshCode(email);
    const refused = await consumeCode(store, settings, email, "reset", right).catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
    const ttl = (await redis("TTL", `qchat:code-guesses:${email}`)) as number;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});

describe("POST /v1/auth/reset under 100 parallel guesses", () => {
  it("checks at most 5, keeps the old password unless the right guess was among them, and leaves no code", async () => {
    const u = await registerUser();
    expect((await call("POST", "/v1/auth/code", { body: { email: u.email, purpose: "reset" } })).status).toBe(200);
    const right = await latestCode(u.email);
    const guesses = wrongCodes(right, 99);
    guesses.splice(Math.floor(Math.random() * 100), 0, right);
    const replies = await Promise.all(
      guesses.map((code) => call("POST", "/v1/auth/reset", { body: { email: u.email, code, password: "the attacker's password" } })),
    );
    const outcomes = replies.map((r) => (r.status === 200 ? "OK" : (r.body.error.code as string)));
    expect(checked(outcomes).length).toBeLessThanOrEqual(settings.codeMaxAttempts);
    for (const o of outcomes) expect(["OK", "CODE_INVALID", "CODE_ATTEMPTS_EXCEEDED", "CODE_EXPIRED", "RATE_LIMITED"]).toContain(o);
    expect(await redis("EXISTS", `qchat:code:reset:${u.email}`)).toBe(0);
    if (!outcomes.includes("OK")) expect((await login(u.username, u.password)).user.id).toBe(u.profile.id);
    expect(await codeKeysWithoutTtl()).toEqual([]);
  });

  it("limits resets per email to 10 an hour", async () => {
    const u = await registerUser();
    const codes = [];
    for (let i = 0; i < 11; i++)
      codes.push((await call("POST", "/v1/auth/reset", { body: { email: u.email, code: "000000", password: "short" } })).body.error.code);
    expect(codes).toEqual([...Array(10).fill("WEAK_PASSWORD"), "RATE_LIMITED"]);
  });
});
