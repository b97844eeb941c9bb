// `npm run test:browser`: the web page in real Chromium against the real local stack. Two people
// (Alice on a desktop window, Bob on a phone-sized one) sign up through the mailbox, become
// friends, chat both ways with receipts and a recall, send each other files (files-story.ts: a
// picture, a PDF, a refused type), and Bob drops offline and comes back to the queued messages.
// Then Carol joins them in a group (group-story.ts): a mention, a pasted picture, a removal,
// Carol offline and back. Then everyday features (everyday-story.ts): typing, an edit, delete
// for me, block and unblock. Last, a developer tries the API from /docs (docs-page.ts). Screenshots
// of every step go to test-results/browser/; with `--update-screenshot` the README's
// docs/screenshot.png, docs/screenshot-groups.png and docs/screenshot-files.png are refreshed
// from the run.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser";
import { docsPage } from "./docs-page";
import { EDIT_WINDOW_SECONDS, everydayStory } from "./everyday-story";
import { groupStory } from "./group-story";
import { newPerson, type Person } from "./person";
import { checkPipelinedOrder } from "./socket-order";
import { BURST, story } from "./story";
import { startStack, type Stack } from "./stack";
import { createStepRunner, slugify } from "./steps";

const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));
const RESULTS_DIR = join(PROJECT_DIR, "test-results", "browser");
/** The step after which Alice's desktop window is the README's picture. */
const README_STEP = slugify("bob comes back online and gets the queued messages");
const README_FILE = join(RESULTS_DIR, "readme-screenshot.png");
/** Alice's window in the group story, once Carol is back and has read her mention. */
const GROUPS_FILE = join(RESULTS_DIR, "readme-groups.png");
/** Alice's window once Bob's PDF arrived under her picture. */
const FILES_FILE = join(RESULTS_DIR, "readme-files.png");

const t0 = performance.now();
const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
// Kept as promises so a stop that comes while they are still starting waits for them, then
// stops them (a failed start has already cleaned up after itself).
let stackStart: Promise<Stack> | undefined;
let browserStart: Promise<Browser> | undefined;
const people: Person[] = [];
let cleaning: Promise<void> | undefined;

/** Stops everything this run started, once, whatever state it is in. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const p of people) await p.context.close().catch(() => undefined);
    const browser = await browserStart?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
    const stack = await stackStart?.catch(() => undefined);
    await stack?.stop().catch((err: unknown) => log(`could not stop the stack: ${String(err)}`));
  })();
  return cleaning;
}

rmSync(RESULTS_DIR, { recursive: true, force: true });
mkdirSync(RESULTS_DIR, { recursive: true });
const shoot = async (name: string) => {
  for (const p of people) await p.page.screenshot({ path: join(RESULTS_DIR, `${name}-${p.name}.png`) });
};
const runner = createStepRunner({
  log,
  async after(index, slug, ok) {
    for (const p of people) {
      if (!ok) log(`    ${p.name}'s latest API replies:\n${p.recentApi.map((line) => `      ${line}`).join("\n")}`);
    }
    await shoot(`${String(index).padStart(2, "0")}-${slug}${ok ? "" : "-FAILED"}`);
    // The README's copy leaves out notifications that are only passing by. (Playwright's
    // `style` option would be an inline style, which the page's CSP rightly refuses.)
    const alice = people[0];
    if (ok && slug === README_STEP && alice) {
      await alice.page.evaluate(() => document.getElementById("toasts")?.replaceChildren());
      await alice.page.mouse.move(0, 0); // no hover effect left on the last thing clicked
      await alice.page.screenshot({ path: README_FILE });
    }
  },
});

// Whatever goes wrong, the servers and the browser go with us: Ctrl-C, a reader that closed our
// pipe early (`| head`), a stray rejection. (Run with `node --import tsx`, not the tsx CLI: its
// signal relay SIGKILLs a child that is slow to answer, which would skip this clean-up.)
const abort = (why: string, code: number) => {
  log(`${why}: stopping everything`);
  void cleanup().finally(() => {
    log(runner.summary());
    process.exit(code);
  });
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => abort(signal, 130));
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.once(event, (err: unknown) => {
    runner.fail(event, err);
    abort(event, 1);
  });
}

log("browser tests: starting the local stack and Chromium");
try {
  // A 1 s code cooldown: the story mails Alice twice (sign-up, then reset) within a minute.
  // 65 s access tokens: the page refreshes a minute ahead, so within seconds of each login every
  // API call and reconnect rides on refreshed tokens (the last step checks that they did).
  // A 2 MB upload limit, so the story can show the refusal of a bigger file without sending 25 MB.
  // A 20 s edit window: the everyday chapter's edits come within seconds, and the page (told the
  // window by hello) stops offering to edit an older message.
  const stack = await (stackStart = startStack({
    log,
    vars: {
      CODE_COOLDOWN_SECONDS: "1",
      TOKEN_TTL_SECONDS: "65",
      FILE_MAX_BYTES: "2000000",
      EDIT_WINDOW_SECONDS: String(EDIT_WINDOW_SECONDS),
    },
  }));
  const launchedAt = performance.now();
  const browser = await (browserStart = launchChromium());
  log(
    `  stack up: build ${stack.timings.build} ms, cloud ${stack.timings.cloud} ms, worker ${stack.timings.worker} ms, chromium ${Math.round(performance.now() - launchedAt)} ms`,
  );
  people.push(await newPerson(browser, "alice", { width: 1180, height: 760 }));
  people.push(await newPerson(browser, "bob", { width: 390, height: 760 }));
  const [alice, bob] = people as [Person, Person];
  people.push(await newPerson(browser, "carol", { width: 1024, height: 720 }));
  const carol = people[2]!;
  const snap = (label: string) => shoot(`${String(runner.current).padStart(2, "0")}-${label}`);
  const groupChapter = () =>
    groupStory(
      runner,
      stack,
      { alice, bob, carol },
      async (p) => {
        await p.page.evaluate(() => document.getElementById("toasts")?.replaceChildren());
        await p.page.screenshot({ path: GROUPS_FILE });
      },
      snap,
    );
  await story(runner, stack, alice, bob, snap, {
    async beforeLogout() {
      await groupChapter();
      await everydayStory(runner, stack, browser, { alice, bob, carol }, { search: true, account: true, burst: BURST }, snap);
    },
    online: 3,
    async filesShot(p) {
      await p.page.evaluate(() => document.getElementById("toasts")?.replaceChildren());
      await p.page.mouse.move(0, 0);
      await p.page.screenshot({ path: FILES_FILE });
    },
  });
  await runner.step("tokens were refreshed and the pages logged no errors", async () => {
    for (const p of people) {
      assert.ok(p.refreshes > 0, `${p.name}'s page refreshed its access token`);
      assert.deepEqual(p.errors, [], `${p.name}'s page`);
    }
  });
  await runner.step("pipelined sends on a real socket keep their order, from either side", () => checkPipelinedOrder(stack));
  await runner.step("a developer on /docs signs in, tries two routes and opens the socket", async () =>
    docsPage(browser, stack, { username: bob.username, password: bob.password, id: await bob.id() }, join(RESULTS_DIR, "docs-page.png")),
  );
  if (process.argv.includes("--update-screenshot") && runner.failed === 0) {
    copyFileSync(README_FILE, join(PROJECT_DIR, "docs", "screenshot.png"));
    copyFileSync(GROUPS_FILE, join(PROJECT_DIR, "docs", "screenshot-groups.png"));
    copyFileSync(FILES_FILE, join(PROJECT_DIR, "docs", "screenshot-files.png"));
    log("  docs/screenshot.png, docs/screenshot-groups.png and docs/screenshot-files.png updated");
  }
} catch (err) {
  runner.fail("setup", err);
} finally {
  await cleanup();
}
log(`screenshots in ${RESULTS_DIR}`);
log(`browser tests took ${seconds(performance.now() - t0)}`);
log(runner.summary());
process.exit(runner.failed > 0 ? 1 : 0);
