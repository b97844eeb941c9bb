// Flags of `npm run load`, their defaults and hard upper bounds: the load goes to a running
// `npm start` on this machine only (loopback), bounded in sockets and in time.
import { parseArgs } from "node:util";

export interface LoadFlags {
  /** The running `npm start`'s API origin, e.g. http://127.0.0.1:8787. */
  target: URL;
  sockets: number;
  concurrency: number;
  /** After every hello: close all sockets at once, then reopen all of them at once. */
  reconnect: boolean;
  /** A failed handshake tries again like the SDK (full-jitter backoff) until this many seconds; 0 = no retry. */
  retryFor: number;
  /** Seconds the sockets stay open after each connect phase before they are checked. */
  hold: number;
  mysqlPort: number;
  emulatorPort: number;
  database: string;
  /** npm start's data dir: its token-secret signs the seeded sessions, npm-start.log is scanned. */
  dataDir: string;
  json: boolean;
}

const HELP = `npm run load -- [flags]     (against a running \`npm start\`, same machine)
  --sockets N          users seeded, one socket each (default 1000, max 5000)
  --concurrency C      handshakes in flight while connecting (default 100, max 5000)
  --reconnect          then close every socket at once and reopen all of them at once (a deploy)
  --retry-for S        a failed handshake retries like the SDK (full-jitter backoff from 250 ms to 30 s)
                       until S seconds into the phase (default 0: no retry, every failure counts)
  --hold S             seconds each phase holds its sockets before checking them (default 5, max 120)
  --target URL         npm start's API (default http://127.0.0.1:$QCHAT_PORT or :8787); loopback only
  --mysql-port P       npm start's MariaDB (default $QCHAT_MYSQL_PORT or 3307)
  --emulator-port P    npm start's emulators (default $QCHAT_EMULATOR_PORT or 8788)
  --database NAME      npm start's MySQL database (default qchat)
  --data-dir DIR       npm start's data dir (default .data)
  --json               print the result as JSON on stdout`;

export const LIMITS = { sockets: 5000, concurrency: 5000, hold: 120, retryFor: 300 };

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function readFlags(argv = process.argv.slice(2), env = process.env): LoadFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      sockets: { type: "string" },
      concurrency: { type: "string" },
      reconnect: { type: "boolean" },
      hold: { type: "string" },
      "retry-for": { type: "string" },
      target: { type: "string" },
      "mysql-port": { type: "string" },
      "emulator-port": { type: "string" },
      database: { type: "string" },
      "data-dir": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const num = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}\n\n${HELP}`);
    if (n > max) throw new Error(`--${name} ${n} is above the load tool's bound of ${max}`);
    return n;
  };
  const port = (name: string, raw: string | undefined, fallback: number) => num(name, raw, fallback, 1, 65535);
  const target = new URL(values.target ?? `http://127.0.0.1:${env.QCHAT_PORT ?? 8787}`);
  if (!LOOPBACK_HOSTS.has(target.hostname) || !/^https?:$/.test(target.protocol)) {
    throw new Error(`--target ${target.href}: the load tool only targets this machine (http://127.0.0.1:PORT)`);
  }
  return {
    target,
    sockets: num("sockets", values.sockets, 1000, 1, LIMITS.sockets),
    concurrency: num("concurrency", values.concurrency, 100, 1, LIMITS.concurrency),
    reconnect: values.reconnect ?? false,
    hold: num("hold", values.hold, 5, 0, LIMITS.hold),
    retryFor: num("retry-for", values["retry-for"], 0, 0, LIMITS.retryFor),
    mysqlPort: port("mysql-port", values["mysql-port"], Number(env.QCHAT_MYSQL_PORT ?? 3307)),
    emulatorPort: port("emulator-port", values["emulator-port"], Number(env.QCHAT_EMULATOR_PORT ?? 8788)),
    database: values.database ?? "qchat",
    dataDir: values["data-dir"] ?? ".data",
    json: values.json ?? false,
  };
}
