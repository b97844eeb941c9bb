// `npm run chaos`: faults under load on a real local stack, with a printed report.
// Phase 1 kills workerd with SIGKILL mid-load and restarts it; phase 2 stops MariaDB for
// --db-outage seconds under load. Every acked message must be delivered and stored exactly once.
// Loopback only; bounded in users, rate and time; stops everything it started.
import { mkdtempSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startLocalCloud } from "../dev/local-cloud";
import { freePort, startMariaDb } from "../dev/services";
import { checkDelivery, connectAll, createPairs, sendLoad, type Pair } from "./load";
import { killWorkerd, startStack } from "./stack";

const { values: flags } = parseArgs({
  options: {
    pairs: { type: "string", default: "5" },
    // Stays under the production per-socket limit (20 messages/s).
    rate: { type: "string", default: "15" },
    "db-outage": { type: "string", default: "30" },
  },
});
const PAIRS = Math.min(50, Number(flags.pairs));
const RATE = Math.min(500, Number(flags.rate)); // messages per second per pair
const DB_OUTAGE_S = Math.min(120, Number(flags["db-outage"]));
const log = (line: string) => console.log(`[chaos] ${line}`);

async function main(): Promise<number> {
  const dataDir = mkdtempSync(resolve(".tmp", "chaos-"));
  const ports = { mysql: await freePort(), redis: await freePort(), emulators: await freePort() };
  const cloud = await startLocalCloud({ dataDir, ports, database: "qchat_chaos", persistRedis: true, log: () => {} });
  // "stored" is read from MySQL itself (chaos/stored.ts), not from the history route.
  const db = { host: "127.0.0.1", port: ports.mysql, user: "root", password: "", database: "qchat_chaos" };
  let stack = await startStack(dataDir, cloud.workerVars);
  const results: string[][] = [["fault", "sent", "acked", "delivered", "stored", "lost", "duplicated", "redelivered (deduped)"]];
  try {
    log(`stack up: ${stack.api}; creating ${PAIRS} friend pairs through the API`);
    const pairs: Pair[] = await createPairs(stack.api, cloud.urls.mailbox, PAIRS);

    // Phase 1: SIGKILL workerd mid-load.
    let conns = await connectAll(stack.api, pairs);
    const load = sendLoad(conns, pairs, RATE, 4000);
    await new Promise((r) => setTimeout(r, 1500));
    log(`killing workerd (SIGKILL) under load: ${killWorkerd(stack.pid).join(", ")}`);
    const first = await load;
    await stack.stop();
    stack = await startStack(dataDir, cloud.workerVars, stack.port);
    log("workerd restarted on the same storage; reconnecting and re-sending unacked messages with the same clientMsgId");
    conns = await connectAll(stack.api, pairs, conns);
    const retried = await sendLoad(conns, pairs, RATE, 0, first.unacked);
    // One row per unique message: acked before the kill, or acked when re-sent after it.
    const phase1 = {
      sent: first.acked.size + [...first.unacked.values()].flat().length,
      acked: new Map([...first.acked, ...retried.acked]),
      unacked: retried.unacked,
    };
    results.push(["kill -9 workerd", ...(await checkDelivery(stack.api, db, pairs, phase1))]);

    // Phase 2: MariaDB down under load.
    const index = cloud.services.findIndex((s) => s.name === "mariadb");
    log(`stopping MariaDB for ${DB_OUTAGE_S} s under load`);
    await cloud.services[index]!.stop();
    const during = await sendLoad(conns, pairs, Math.min(RATE, 10), DB_OUTAGE_S * 1000);
    cloud.services[index] = await startMariaDb({ dataDir, port: ports.mysql });
    log("MariaDB back; waiting for the write-behind to reach MySQL");
    results.push([`MariaDB down ${DB_OUTAGE_S} s`, ...(await checkDelivery(stack.api, db, pairs, during))]);
    for (const c of conns.values()) c.close();
  } finally {
    await stack.stop();
    await cloud.stop();
  }
  const widths = results[0]!.map((_, i) => Math.max(...results.map((r) => r[i]!.length)));
  for (const row of results) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
  const failed = results.slice(1).some((r) => r[5] !== "0" || r[6] !== "0" || r[4] !== r[2]);
  console.log(failed ? "chaos: FAILED (lost or duplicated messages)" : "chaos: passed: nothing acked was lost or duplicated");
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[chaos] failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(2);
  },
);
