// A minimal step runner for one long end-to-end story: steps run in order, each depends on the
// ones before, so after the first failure the rest are skipped. Every step ends with screenshots
// (pass or fail), and the closing line is "N passed, N failed".

export interface StepRunnerOptions {
  /** Runs after every step that ran, with its number and outcome (takes the screenshots). */
  after(index: number, slug: string, ok: boolean): Promise<void>;
  log?: (line: string) => void;
  stepTimeoutMs?: number;
}

export interface StepRunner {
  step(name: string, run: () => Promise<void>, opts?: { timeoutMs?: number }): Promise<void>;
  /** Counts a failure outside any step (setup, teardown). */
  fail(what: string, err: unknown): void;
  readonly failed: number;
  /** Number of the step running now (1-based). */
  readonly current: number;
  summary(): string;
}

export const slugify = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 64);

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`step "${name}" took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createStepRunner(opts: StepRunnerOptions): StepRunner {
  const log = opts.log ?? console.log;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let index = 0;

  return {
    async step(name, run, { timeoutMs = opts.stepTimeoutMs ?? 30_000 } = {}) {
      index += 1;
      if (failed > 0) {
        skipped += 1;
        log(`  - ${name} (skipped)`);
        return;
      }
      const t0 = performance.now();
      let ok = true;
      try {
        await withTimeout(run(), timeoutMs, name);
        passed += 1;
      } catch (err) {
        ok = false;
        failed += 1;
        log(`  ✗ ${name}\n${indent(err)}`);
      }
      if (ok) log(`  ✓ ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      await opts.after(index, slugify(name), ok).catch((err: unknown) => log(`    (screenshot failed: ${String(err)})`));
    },
    fail(what, err) {
      failed += 1;
      log(`  ✗ ${what}\n${indent(err)}`);
    },
    get failed() {
      return failed;
    },
    get current() {
      return index;
    },
    summary: () => `${skipped > 0 ? `${skipped} skipped after the first failure\n` : ""}${passed} passed, ${failed} failed`,
  };
}

function indent(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return text
    .split("\n")
    .slice(0, 12)
    .map((line) => `      ${line}`)
    .join("\n");
}
