// HTTP account load through the SDK's typed client: logins of seeded users, and full sign-ups
// (code email -> read the code from the local mailbox -> register), with bounded concurrency.
import { createHttpClient } from "../client";
import { BENCH_PASSWORD } from "./seed";

export interface HttpResult {
  count: number;
  failures: string[];
  latenciesMs: number[];
  elapsedMs: number;
  perSecond: number;
}

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<number>): Promise<HttpResult> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        try {
          latenciesMs.push(await run(item));
        } catch (err) {
          failures.push(err instanceof Error ? err.message : String(err));
        }
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  return { count: items.length, failures, latenciesMs, elapsedMs, perSecond: (latenciesMs.length / elapsedMs) * 1000 };
}

const timed = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};

export function loginLoad(api: string, usernames: string[], concurrency: number): Promise<HttpResult> {
  return pool(usernames, concurrency, (login) =>
    timed(() => createHttpClient({ baseUrl: api }).login({ login, password: BENCH_PASSWORD })),
  );
}

async function codeFor(mailbox: string, email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mails = (await (await fetch(`${mailbox}/api/messages?to=${encodeURIComponent(email)}`)).json()) as { text: string }[];
    const code = mails[0]?.text.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no code email reached ${email}`);
}

/** Each sign-up: POST /v1/auth/code (timed into `code`), read the mail, POST /v1/auth/register (timed). */
export async function registerLoad(
  api: string,
  mailbox: string,
  names: string[],
  concurrency: number,
): Promise<{ code: HttpResult; register: HttpResult }> {
  const codeMs: number[] = [];
  const register = await pool(names, concurrency, async (username) => {
    const http = createHttpClient({ baseUrl: api });
    const email = `${username}@bench.test`;
    codeMs.push(await timed(() => http.requestCode({ email, purpose: "register" })));
    const code = await codeFor(mailbox, email);
    return timed(() => http.register({ username, email, password: BENCH_PASSWORD, code }));
  });
  return {
    code: {
      count: names.length,
      failures: [],
      latenciesMs: codeMs,
      elapsedMs: register.elapsedMs,
      perSecond: (codeMs.length / register.elapsedMs) * 1000,
    },
    register,
  };
}
