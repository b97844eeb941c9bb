// Debian's Chromium driven by playwright-core. Never a downloaded browser: the executable is the
// apt package's (installed here when missing and root, like MariaDB and Redis), and the flags keep it off the network (this machine has
// only loopback; without them Chromium dials Google's hosts at start).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { ensureSystemPackages } from "../../dev/services";

export const CHROMIUM = process.env.QCHAT_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
  "--disable-background-networking",
  "--disable-component-update",
];

/**
 * A headless Chromium. launch() gives every run a new, empty profile (playwright-core creates the
 * user-data-dir in the OS temp folder and deletes it on close; it refuses a --user-data-dir flag).
 */
export async function launchChromium(): Promise<Browser> {
  if (!process.env.QCHAT_CHROMIUM) ensureSystemPackages(console.log, [{ path: CHROMIUM, pkg: "chromium" }]);
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium (or set QCHAT_CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
}
