// Three projects: `node` (emulator contracts and pure units, in Node), and `workers` and
// `workers-faults` (the real Worker and Durable Object in workerd via vitest-pool-workers).
import { availableParallelism } from "node:os";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * The real Worker and Durable Object in workerd, against a local cloud of their own that
 * tests/global-setup.ts starts for each project (MariaDB, Redis and the emulators on free ports).
 */
function workersProject(name: string, include: string[], exclude: string[], maxWorkers: number, groupOrder: number) {
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        main: "./workers/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ...inject("workerVars"),
            // Test-only: a friend-request limit small enough to exercise, and a CORS origin.
            // APP_ENV is development, where every request counts as 127.0.0.1 (workers/security/
            // client-ip.ts): per-IP limits are raised for that one shared address; per-IP tests
            // call the app in production mode from their own addresses (tests/workers/edge.ts).
            RATE_LIMITS: JSON.stringify({
              friendRequestsPerUser: { requests: 5, window: "1 d" },
              ...Object.fromEntries(
                ["loginPerIp", "codePerIp", "registerPerIp", "resetPerIp", "socketsPerIp"].map((name) => [
                  name,
                  { requests: 1_000_000, window: "1 m" },
                ]),
              ),
            }),
            CORS_ORIGINS: "https://app.qchat.test",
            // Objects flush their counters to Redis every second (local default 5 s): the admin tests wait for it.
            METRICS_FLUSH_SECONDS: "1",
          },
        },
      })),
    ],
    test: {
      name,
      include,
      exclude,
      maxWorkers,
      // Projects with their own worker counts run one after another (Vitest requires distinct groups).
      sequence: { groupOrder },
      // Pre-bundle the dependencies once (the pool inlines every module, and each test file
      // imports the Worker afresh): about half of each file's import time. Every subpath the
      // code imports is listed, so classes such as HTTPException exist once.
      deps: {
        optimizer: {
          ssr: {
            enabled: true,
            include: [
              "drizzle-orm",
              "drizzle-orm/mysql-core",
              "drizzle-orm/planetscale-serverless",
              "@planetscale/database",
              "hono",
              "hono/factory",
              "hono/secure-headers",
              "hono/http-exception",
              "hono/cors",
              "hono/body-limit",
              "@hono/zod-validator",
              "zod",
              "@upstash/redis/cloudflare",
              "@upstash/ratelimit",
              "resend",
              "fast-check",
            ],
          },
        },
      },
      globalSetup: ["tests/global-setup.ts"],
      testTimeout: 20_000,
      hookTimeout: 60_000,
    },
  };
}

const FAULT_FILES = ["tests/workers/faults.test.ts", "tests/workers/chat-mysql-outage.test.ts", "tests/workers/group-mysql-outage.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          sequence: { groupOrder: 0 },
          include: ["tests/emulators/**/*.test.ts", "tests/unit/**/*.test.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      // Files run in parallel (they wait on alarms, sockets and MySQL far more than on the CPU):
      // each makes its own users and asserts only on them.
      workersProject("workers", ["tests/workers/**/*.test.ts"], FAULT_FILES, Math.max(2, availableParallelism() - 1), 1),
      // Tests that stop MariaDB or Redis get a cloud of their own, one file at a time, so the
      // outages never reach the files above. Run them with --project workers-faults.
      workersProject("workers-faults", FAULT_FILES, [], 1, 2),
    ],
  },
});
