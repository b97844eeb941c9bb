// `npm run build`: the web page into web/dist/ (git-ignored), which wrangler.toml serves as
// Workers Static Assets: the chat page's bundle and stylesheet (app.js, app.css), the admin view's
// (admin.js) and the API docs page's (docs.js, docs.css), and web/public/ as is (index.html,
// admin.html, docs.html served at /docs, _headers). No runtime CDN: everything the page loads
// comes from its own origin.
import { build, type Metafile, type Plugin } from "esbuild";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as zod from "zod/v4";

const WEB_DIR = fileURLToPath(new URL(".", import.meta.url));
const PROJECT_DIR = join(WEB_DIR, "..");
export const WEB_DIST = join(WEB_DIR, "dist");
/** Code the page bundles that builds zod schemas. */
const ZOD_USERS = ["protocol", "client"];

/** Every `z.<member>(` or `z.<member>.` in the given folders (types like `z.infer<` are skipped). */
function zodMembersUsed(): string[] {
  const names = new Set<string>();
  for (const dir of ZOD_USERS) {
    for (const file of readdirSync(join(PROJECT_DIR, dir)).filter((f) => f.endsWith(".ts"))) {
      for (const match of readFileSync(join(PROJECT_DIR, dir, file), "utf8").matchAll(/\bz\.([A-Za-z]\w*)\s*[(.]/g)) names.add(match[1]!);
    }
  }
  const missing = [...names].filter((name) => (zod as Record<string, unknown>)[name] === undefined);
  if (missing.length > 0)
    throw new Error(`web build: zod has no member ${missing.join(", ")} (used as z.<name> in ${ZOD_USERS.join("/, ")}/)`);
  return [...names].sort();
}

/**
 * `import { z } from "zod"` hands esbuild the whole namespace object, so all of zod and every
 * locale lands in the bundle (~450 KiB). For the page, "zod" resolves to a `z` holding only the
 * members protocol/ and client/ call; property reads on `import * as` are tree-shaken.
 */
const slimZod: Plugin = {
  name: "slim-zod",
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: "zod", namespace: "slim-zod" }));
    b.onLoad({ filter: /.*/, namespace: "slim-zod" }, () => ({
      contents: `import * as zod from "zod/v4";\nexport const z = { ${zodMembersUsed()
        .map((n) => `${n}: zod.${n}`)
        .join(", ")} };\nexport default z;\n`,
      resolveDir: PROJECT_DIR,
      loader: "js",
    }));
  },
};

export interface BuildResult {
  outDir: string;
  ms: number;
  /** Output file (relative to outDir) -> bytes. */
  sizes: Record<string, number>;
}

function outputSizes(meta: Metafile, outDir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const [file, info] of Object.entries(meta.outputs)) {
    if (!file.endsWith(".map")) sizes[relative(outDir, join(PROJECT_DIR, file))] = info.bytes;
  }
  return sizes;
}

/**
 * Files in `dir` that `keep` does not name are deleted. The folder itself stays: a running
 * `wrangler dev` serves it and would briefly find no assets directory if it were recreated.
 */
function removeStale(dir: string, keep: Set<string>): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile() && !keep.has(file)) rmSync(file);
  }
}

/** Builds into `outDir`, leaving nothing stale behind; throws on any esbuild error. */
export async function buildWeb(outDir = WEB_DIST): Promise<BuildResult> {
  const t0 = performance.now();
  const publicDir = join(WEB_DIR, "public");
  mkdirSync(outDir, { recursive: true });
  cpSync(publicDir, outDir, { recursive: true });
  const result = await build({
    entryPoints: [
      { in: join(WEB_DIR, "src/main.ts"), out: "app" },
      { in: join(WEB_DIR, "src/admin.ts"), out: "admin" },
      { in: join(WEB_DIR, "src/docs/docs-main.ts"), out: "docs" },
      { in: join(WEB_DIR, "src/styles.css"), out: "app" },
      { in: join(WEB_DIR, "src/docs/docs.css"), out: "docs" },
    ],
    outdir: outDir,
    absWorkingDir: PROJECT_DIR, // metafile paths are relative to it
    bundle: true,
    format: "esm",
    // Browsers of the last ~3 years; the page uses top-level await nowhere, private fields freely.
    target: ["es2022", "chrome109", "firefox115", "safari16"],
    minify: true,
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
    plugins: [slimZod],
  });
  const copied = readdirSync(publicDir, { recursive: true, encoding: "utf8" }).map((file) => join(outDir, file));
  removeStale(outDir, new Set([...copied, ...Object.keys(result.metafile.outputs).map((file) => join(PROJECT_DIR, file))]));
  return { outDir, ms: performance.now() - t0, sizes: outputSizes(result.metafile, outDir) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outDir, ms, sizes } = await buildWeb();
  const files = Object.entries(sizes)
    .map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(1)} KiB`)
    .join(", ");
  console.log(`web page built into ${relative(process.cwd(), outDir) || "."} in ${ms.toFixed(0)} ms: ${files}`);
}
