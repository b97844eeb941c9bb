// A loopback control server for fault tests: really stops and restarts the test run's MariaDB
// or Redis, so a Worker test can take a dependency away mid-conversation and bring it back.
import { createServer, type Server } from "node:http";
import type { LocalCloud } from "../dev/local-cloud";
import { startMariaDb, startRedis, type ServiceHandle } from "../dev/services";

export async function startCloudControl(cloud: LocalCloud, dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const starters: Record<string, (port: number) => Promise<ServiceHandle>> = {
    mariadb: (port) => startMariaDb({ dataDir, port }),
    redis: (port) => startRedis({ port }),
  };
  const server: Server = createServer((req, res) => {
    const [, name = "", action] = (req.url ?? "").split("/");
    const index = cloud.services.findIndex((s) => s.name === name);
    const service = cloud.services[index];
    const start = starters[name];
    const run =
      req.method !== "POST" || !service || !start
        ? Promise.reject(new Error(`unknown action ${req.method} ${req.url}`))
        : action === "stop"
          ? service.stop()
          : action === "start"
            ? start(service.port).then((handle) => void (cloud.services[index] = handle))
            : Promise.reject(new Error(`unknown action ${action}`));
    run.then(
      () => res.writeHead(204).end(),
      (err: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
