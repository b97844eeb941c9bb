// Starts the local cloud once per test run on free ports (fresh data dir, memory-only Redis)
// and hands its URLs to the Worker under test; stops every process it started afterwards.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalCloud } from "../dev/local-cloud";
import { freePort } from "../dev/services";
import { buildWeb } from "../web/build";
import { startCloudControl } from "./cloud-control";
import "./provided-context";

export default async function setup(project: TestProject) {
  // wrangler.toml's [assets] directory must exist before the pool reads the config.
  await buildWeb();
  mkdirSync(".tmp", { recursive: true });
  const dataDir = mkdtempSync(resolve(".tmp", "test-cloud-"));
  const cloud = await startLocalCloud({
    dataDir,
    ports: { mysql: await freePort(), redis: await freePort(), emulators: await freePort() },
    database: "qchat_test",
    persistRedis: false,
    log: () => {},
  });
  project.provide("workerVars", cloud.workerVars);
  project.provide("mailboxUrl", cloud.urls.mailbox);
  const control = await startCloudControl(cloud, dataDir);
  project.provide("controlUrl", control.url);
  project.provide("upstash", { url: cloud.urls.upstash, token: cloud.workerVars.UPSTASH_REDIS_REST_TOKEN! });
  return async () => {
    await control.close();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
