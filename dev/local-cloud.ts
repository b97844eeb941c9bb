// The local stand-in for QChat's cloud: MariaDB behind a PlanetScale emulator, Redis behind an
// Upstash emulator, and a Resend emulator that writes a mailbox. Shared by `npm start` and the
// test global setup, so both run the worker against the same stack.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_CREDENTIALS, startEmulators, type Emulators } from "./emulators/index";
import { migrateDatabase } from "./migrate";
import { ensureSystemPackages, startMariaDb, startRedis, type ServiceHandle } from "./services";

export interface LocalCloudOptions {
  /** Holds mariadb/, redis/, mailbox/ and token-secret; reused across runs. */
  dataDir: string;
  ports: { mysql: number; redis: number; emulators: number };
  database: string;
  /** Keep Redis data in dataDir (npm start) or in memory only (tests). */
  persistRedis: boolean;
  log?: (line: string) => void;
}

export interface LocalCloud {
  services: ServiceHandle[];
  emulators: Emulators;
  urls: Emulators["urls"];
  /** Every variable of .dev.vars.example, pointing at this cloud. */
  workerVars: Record<string, string>;
  /** Stops the emulators, then Redis, then MariaDB. Never throws. */
  stop(): Promise<void>;
}

/** The admin token of the local stack (GET /v1/admin/stats); .dev.vars.example documents the same value. */
export const LOCAL_ADMIN_TOKEN = "local-admin-token-0123456789abcdef";

/** A random HS256 key made on first start and kept, so tokens survive a restart. */
function localTokenSecret(dataDir: string): string {
  const file = join(dataDir, "token-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Warns when .dev.vars.example lists a variable we do not fill, i.e. the two drifted apart. */
function checkAgainstExample(vars: Record<string, string>, log: (line: string) => void): void {
  const example = fileURLToPath(new URL("../.dev.vars.example", import.meta.url));
  if (!existsSync(example)) return;
  const names = readFileSync(example, "utf8").match(/^[A-Z][A-Z0-9_]*(?==)/gm) ?? [];
  const missing = names.filter((name) => !(name in vars));
  if (missing.length > 0) log(`warning: dev/local-cloud.ts does not set ${missing.join(", ")} from .dev.vars.example`);
}

async function stopAll(cloud: { services: ServiceHandle[]; emulators?: Emulators }, log: (l: string) => void): Promise<void> {
  const steps: Array<[string, () => Promise<void>]> = [];
  if (cloud.emulators) steps.push(["emulators", cloud.emulators.close.bind(cloud.emulators)]);
  for (const service of [...cloud.services].reverse()) steps.push([service.name, service.stop]);
  for (const [name, stop] of steps) {
    await stop().catch((error: unknown) => log(`could not stop ${name}: ${String(error)}`));
  }
}

/** Starts everything in order; on failure stops what already runs and says what to do. */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const log = opts.log ?? console.log;
  const started: { services: ServiceHandle[]; emulators?: Emulators } = { services: [] };
  let step = "checking system packages";
  let hint = "";
  const timed = async <T>(done: (value: T) => string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await run();
    log(`${done(value)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return value;
  };

  try {
    mkdirSync(opts.dataDir, { recursive: true });
    ensureSystemPackages(log);

    step = "starting MariaDB";
    hint = `Check that port ${opts.ports.mysql} on 127.0.0.1 is free. If ${join(opts.dataDir, "mariadb")} is damaged, move it away to start fresh.`;
    const mariadb = await timed(
      () => `MariaDB ready on 127.0.0.1:${opts.ports.mysql}`,
      () => startMariaDb({ dataDir: opts.dataDir, port: opts.ports.mysql }),
    );
    started.services.push(mariadb);

    step = "starting Redis";
    hint = `Check that port ${opts.ports.redis} on 127.0.0.1 is free.`;
    const redis = await timed(
      () => `Redis ready on 127.0.0.1:${opts.ports.redis}`,
      () => startRedis({ port: opts.ports.redis, dataDir: opts.persistRedis ? opts.dataDir : undefined }),
    );
    started.services.push(redis);

    step = "migrating the database";
    hint = "Check migrations/ (regenerate with `npm run db:generate`) and the SQL error above.";
    const mysql = { host: "127.0.0.1", port: opts.ports.mysql, user: "root", password: "", database: opts.database };
    await timed(
      () => `database ${opts.database} migrated`,
      () => migrateDatabase(mysql),
    );

    step = "starting the emulators";
    hint = `Check that port ${opts.ports.emulators} on 127.0.0.1 is free.`;
    const credentials = LOCAL_CREDENTIALS;
    const emulators = await timed(
      (e) => `emulators ready on 127.0.0.1:${e.port}`,
      () =>
        startEmulators({
          port: opts.ports.emulators,
          mysql,
          redis: { host: "127.0.0.1", port: opts.ports.redis },
          mailboxDir: join(opts.dataDir, "mailbox"),
          credentials,
          log,
        }),
    );
    started.emulators = emulators;

    const workerVars: Record<string, string> = {
      APP_ENV: "development",
      TOKEN_SECRET: localTokenSecret(opts.dataDir),
      DATABASE_URL: emulators.urls.planetscale,
      UPSTASH_REDIS_REST_URL: emulators.urls.upstash,
      UPSTASH_REDIS_REST_TOKEN: credentials.upstashToken,
      RESEND_API_KEY: credentials.resendApiKey,
      RESEND_BASE_URL: emulators.urls.resend,
      // Local only, the value in .dev.vars.example: curl -H "Authorization: Bearer $ADMIN_TOKEN" .../v1/admin/stats
      ADMIN_TOKEN: LOCAL_ADMIN_TOKEN,
      // Live counters reach /v1/admin/stats within 5 s locally (production default: 60 s).
      METRICS_FLUSH_SECONDS: "5",
    };
    checkAgainstExample(workerVars, log);
    return {
      services: started.services,
      emulators,
      urls: emulators.urls,
      workerVars,
      stop: () => stopAll(started, log),
    };
  } catch (error) {
    await stopAll(started, log);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`local cloud failed while ${step}: ${reason}${hint ? `\n${hint}` : ""}`, { cause: error });
  }
}
