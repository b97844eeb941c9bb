// client/app-type.d.ts (the routes' types the SDK's hc<AppType> reads) is the declaration tsc emits
// for workers/app-type.ts, formatted: this fails when a route changed and the file was not
// regenerated. Rewrite it with: npx vitest run --project node tests/unit/client-app-type.test.ts -u
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const GENERATED = join(ROOT, "client/app-type.d.ts");
const HEADER = [
  "// Generated from workers/app-type.ts (why: see there) by tests/unit/client-app-type.test.ts; do not edit.",
  "// Rewrite: npx vitest run --project node tests/unit/client-app-type.test.ts -u",
].join("\n");

/** tsc's declaration of workers/app-type.ts, and tsc's errors. */
async function emitDeclaration(): Promise<{ text: string; errors: string[] }> {
  const outDir = await mkdtemp(join(tmpdir(), "qchat-app-type-"));
  try {
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    const args = ["-p", join(ROOT, "tsconfig.app-type.json"), "--outDir", outDir, "--pretty", "false"];
    const output = await promisify(execFile)(tsc, args, { cwd: ROOT }).then(
      (r) => r.stdout,
      (err: { stdout?: string }) => err.stdout ?? String(err),
    );
    const errors = output.split("\n").filter((line) => line.includes("error TS"));
    return { text: await readFile(join(outDir, "workers/app-type.d.ts"), "utf8"), errors };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

describe("client/app-type.d.ts", () => {
  it("is workers/app-type.ts's declaration, naming only hono's types", async () => {
    const { text, errors } = await emitDeclaration();
    expect(errors).toEqual([]);
    // Anything else imported would bring the Worker's globals back into the web page and the CLI.
    expect(text.match(/(?:from |import\()"[^"]+"/g)?.filter((m) => !/"hono(\/[\w/-]+)?"/.test(m))).toEqual([]);
    const config = await resolveConfig(GENERATED);
    const generated = await format(`${HEADER}\n${text}`, { ...config, filepath: GENERATED });
    await expect(generated).toMatchFileSnapshot(GENERATED);
  }, 60_000);
});
