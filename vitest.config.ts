// Two projects: `node` (emulator contracts and pure units, in Node) and `workers` (the real
// Worker and Durable Object in workerd via vitest-pool-workers, against the local cloud that
// tests/global-setup.ts starts: MariaDB, Redis and the emulators on free ports).
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["tests/emulators/**/*.test.ts", "tests/unit/**/*.test.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
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
                  ...Object.fromEntries(["loginPerIp", "codePerIp", "registerPerIp", "resetPerIp", "socketsPerIp"].map((name) => [name, { requests: 1_000_000, window: "1 m" }])),
                }),
                CORS_ORIGINS: "https://app.qchat.test",
                // Objects flush their counters to Redis every second (local default 5 s): the admin tests wait for it.
                METRICS_FLUSH_SECONDS: "1",
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["tests/workers/**/*.test.ts"],
          // Pre-bundle the dependencies once (the pool inlines every module, and each test file
          // imports the Worker afresh): about half of each file's import time. Every subpath the
          // code imports is listed, so classes such as HTTPException exist once.
          deps: {
            optimizer: {
              ssr: {
                enabled: true,
                include: [
                  "drizzle-orm", "drizzle-orm/mysql-core", "drizzle-orm/planetscale-serverless", "@planetscale/database",
                  "hono", "hono/factory", "hono/secure-headers", "hono/http-exception", "hono/cors", "hono/body-limit", "@hono/zod-validator",
                  "zod", "@upstash/redis/cloudflare", "@upstash/ratelimit", "resend", "fast-check",
                ],
              },
            },
          },
          globalSetup: ["tests/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
