// One local HTTP server speaking the PlanetScale, Upstash Redis and Resend wire formats, plus the mailbox.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCounters, handleCounters } from "./counters";
import { apiOf, applyFault, handleFaults } from "./faults";
import { HttpError, sendJson } from "./http";
import { openMailbox } from "./mailbox";
import { handleMailbox } from "./mailbox-routes";
import { createPlanetScale } from "./planetscale";
import { createResend } from "./resend";
import { createUpstash } from "./upstash";

export interface EmulatorCredentials {
  planetscaleUser: string;
  planetscalePassword: string;
  upstashToken: string;
  resendApiKey: string;
}

/** Local-only secrets; they match .dev.vars.example. */
export const LOCAL_CREDENTIALS: EmulatorCredentials = {
  planetscaleUser: "qchat",
  planetscalePassword: "local-planetscale-password",
  upstashToken: "local-upstash-token",
  resendApiKey: "re_local_dev_key",
};

export interface EmulatorOptions {
  /** 0 = pick a free one. */
  port: number;
  mysql: { host: string; port: number; user: string; password: string; database: string };
  redis: { host: string; port: number };
  mailboxDir: string;
  /** Default LOCAL_CREDENTIALS. */
  credentials?: EmulatorCredentials;
  /** One readable line per request error; default console.error. */
  log?: (line: string) => void;
  /** An idle transaction is rolled back and its connection dropped after this long; default 20 s like PlanetScale. */
  transactionTimeoutMs?: number;
}

export interface Emulators {
  port: number;
  urls: {
    /** http://user:pass@127.0.0.1:PORT, for `connect({ url })` / `new Client({ url })`. */
    planetscale: string;
    /** http://127.0.0.1:PORT/redis, for `new Redis({ url, token })`. */
    upstash: string;
    /** http://127.0.0.1:PORT/resend, for `new Resend(key, { baseUrl })`. */
    resend: string;
    /** http://127.0.0.1:PORT/mailbox */
    mailbox: string;
    /** http://127.0.0.1:PORT/__counters: MySQL statements and Redis commands so far (dev/emulators/counters.ts). */
    counters: string;
  };
  /** Closes the server, the MySQL pool (and pinned transactions) and the Redis connections. */
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string, url: URL) => Promise<void>;

/** Error bodies in each API's own shape, so the real clients surface them as their usual error types. */
function internalErrorBody(path: string, message: string): unknown {
  if (path.startsWith("/psdb.")) return { error: { code: "INTERNAL", message } };
  if (path.startsWith("/resend")) return { statusCode: 500, name: "internal_server_error", message };
  return { error: message };
}

/** workerd opens one connection per concurrent subrequest: 1,000 hellos at once arrive as thousands of connects. */
const LISTEN_BACKLOG = 4096;
/**
 * Longer than the clients keep an idle pooled connection. With Node's default 5 s, a burst's idle
 * connections closed under workerd, whose next subrequest on one failed with "Network connection
 * lost" (Redis refusals and hellos from the cache in `npm run load`), and lingered in CLOSE-WAIT.
 */
const KEEP_ALIVE_MS = 75_000;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1", backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startEmulators(opts: EmulatorOptions): Promise<Emulators> {
  const credentials = opts.credentials ?? LOCAL_CREDENTIALS;
  const log = opts.log ?? ((line: string) => console.error(line));
  const mailbox = await openMailbox(opts.mailboxDir);
  const counters = createCounters();
  const planetscale = createPlanetScale({
    mysql: opts.mysql,
    user: credentials.planetscaleUser,
    password: credentials.planetscalePassword,
    transactionTimeoutMs: opts.transactionTimeoutMs ?? 20_000,
    log,
    counters,
  });
  const upstash = createUpstash({ ...opts.redis, token: credentials.upstashToken, counters });
  const resend = createResend({ apiKey: credentials.resendApiKey, mailbox });

  // Mount prefix -> handler; handlers get the path with the prefix removed.
  const mounts: [string, Handler][] = [
    ["/redis", (req, res, path) => upstash.handle(req, res, path)],
    ["/resend", (req, res, path) => resend.handle(req, res, path)],
    ["/mailbox", (req, res, path, url) => handleMailbox(mailbox, req, res, path, url)],
  ];

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === "/__faults") return handleFaults(req, res);
    if (path === "/__counters") return handleCounters(counters, req, res);
    await applyFault(apiOf(path), (message) => internalErrorBody(path, message));
    if (path.startsWith("/psdb.v1alpha1.Database/")) return planetscale.handle(req, res, path);
    for (const [prefix, handler] of mounts) {
      if (path === prefix || path.startsWith(`${prefix}/`)) return handler(req, res, path.slice(prefix.length), url);
    }
    throw new HttpError(404, { error: `no emulator at ${path}; try /mailbox, /redis, /resend or /psdb.v1alpha1.Database/*` });
  }

  const server = createServer((req, res) => {
    // A malformed request target must end as a 404, not as an exception that kills the server.
    const url = URL.canParse(req.url ?? "/", "http://127.0.0.1")
      ? new URL(req.url ?? "/", "http://127.0.0.1")
      : new URL("http://127.0.0.1/");
    route(req, res, url).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      log(`emulators: ${req.method} ${url.pathname} -> ${status} ${message}`);
      if (res.headersSent) return void res.destroy();
      sendJson(res, status, err instanceof HttpError ? err.body : internalErrorBody(url.pathname, message));
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  const port = await listen(server, opts.port).catch(async (err: unknown) => {
    upstash.close();
    await planetscale.close();
    throw err;
  });
  const base = `http://127.0.0.1:${port}`;
  const userinfo = `${encodeURIComponent(credentials.planetscaleUser)}:${encodeURIComponent(credentials.planetscalePassword)}`;

  return {
    port,
    urls: {
      planetscale: `http://${userinfo}@127.0.0.1:${port}`,
      upstash: `${base}/redis`,
      resend: `${base}/resend`,
      mailbox: `${base}/mailbox`,
      counters: `${base}/__counters`,
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      upstash.close();
      await Promise.all([closed, planetscale.close()]);
    },
  };
}
