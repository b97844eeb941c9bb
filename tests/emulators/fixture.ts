// Test fixture: real MariaDB and/or Redis on free ports plus the emulators in front of them, per test file.
import { afterAll, beforeAll } from "vitest";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { createConnection, type Connection } from "mysql2/promise";
import { freePort, startMariaDb, startRedis, type ServiceHandle } from "../../dev/services";
import { LOCAL_CREDENTIALS, startEmulators, type Emulators } from "../../dev/emulators/index";
import { seedMariaDbDataDir } from "./mariadb-template";

export const TEST_DATABASE = "emulator_test";
const TMP_ROOT = fileURLToPath(new URL("../../.tmp/emulator-tests", import.meta.url));

export interface Needs {
  mariadb?: boolean;
  redis?: boolean;
  transactionTimeoutMs?: number;
}

export interface EmulatorFixture {
  readonly emulators: Emulators;
  /** Root connection to the test database, for setting up and inspecting tables behind the emulator's back. */
  readonly root: Connection;
  /** Lines the emulators logged (request errors, idle rollbacks). */
  readonly logs: string[];
  readonly credentials: typeof LOCAL_CREDENTIALS;
}

/**
 * Registers beforeAll/afterAll that start what the file needs. Services not asked for get a port
 * nobody listens on, so a test can also check how the emulators behave when a backend is down.
 */
export function useEmulators(needs: Needs = {}): EmulatorFixture {
  const dir = join(TMP_ROOT, randomUUID());
  const services: ServiceHandle[] = [];
  const logs: string[] = [];
  let emulators: Emulators | undefined;
  let root: Connection | undefined;

  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    if (needs.mariadb) await seedMariaDbDataDir(TMP_ROOT, dir);
    const [mysqlPort, redisPort] = [await freePort(), await freePort()];
    const [db, redis] = await Promise.all([
      needs.mariadb ? startMariaDb({ dataDir: dir, port: mysqlPort }) : undefined,
      needs.redis ? startRedis({ port: redisPort }) : undefined,
    ]);
    for (const s of [db, redis]) if (s) services.push(s);
    if (db) {
      root = await createConnection({
        host: "127.0.0.1",
        port: mysqlPort,
        user: "root",
        password: "",
        supportBigNumbers: true,
        bigNumberStrings: true,
      });
      await root.query(`CREATE DATABASE IF NOT EXISTS ${TEST_DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await root.query(`USE ${TEST_DATABASE}`);
    }
    emulators = await startEmulators({
      port: 0,
      mysql: { host: "127.0.0.1", port: mysqlPort, user: "root", password: "", database: TEST_DATABASE },
      redis: { host: "127.0.0.1", port: redisPort },
      mailboxDir: join(dir, "mailbox"),
      transactionTimeoutMs: needs.transactionTimeoutMs,
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await emulators?.close();
    await root?.end();
    await Promise.all(services.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running (fixture not started or not requested)`);
    return value;
  };
  return {
    get emulators() {
      return started(emulators, "emulators");
    },
    get root() {
      return started(root, "MariaDB");
    },
    logs,
    credentials: LOCAL_CREDENTIALS,
  };
}
