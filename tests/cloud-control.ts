// A loopback control server for fault tests: really stops and restarts the test run's MariaDB,
// so a Worker test can take the database away mid-conversation and bring it back.
import { createServer, type Server } from "node:http";
import type { LocalCloud } from "../dev/local-cloud";
import { startMariaDb } from "../dev/services";

export async function startCloudControl(cloud: LocalCloud, dataDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const index = cloud.services.findIndex((s) => s.name === "mariadb");
  const server: Server = createServer((req, res) => {
    const mariadb = cloud.services[index]!;
    const action = req.method === "POST" ? req.url : undefined;
    const run = action === "/mariadb/stop" ? mariadb.stop()
      : action === "/mariadb/start" ? startMariaDb({ dataDir, port: mariadb.port }).then((handle) => void (cloud.services[index] = handle))
      : Promise.reject(new Error(`unknown action ${req.method} ${req.url}`));
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
