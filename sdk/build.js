#!/usr/bin/env node
/**
 * Builds the package: dist/cjs (CommonJS, one file per source, by tsc), dist/types (.d.ts, by the
 * same tsc run) and dist/esm (ES modules, .mjs, one entry per subpath export with shared chunks,
 * by esbuild). Peer dependencies and dependencies stay imports (never bundled).
 *
 * Idempotent: skipped when dist/.stamp holds the hash of the sources and build files it was built
 * from (`--force` rebuilds anyway). Run from anywhere: `node sdk/build.js`.
 */
"use strict";
const { createHash } = require("crypto");
const { execFileSync } = require("child_process");
const { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } = require("fs");
const { join, relative } = require("path");

const ROOT = __dirname;
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".stamp");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** Every subpath export's source entry: "." -> src/index.ts, "./io-jobs" -> src/io-jobs/index.ts. */
function entries() {
  return Object.keys(pkg.exports)
    .filter((k) => k !== "./package.json")
    .map((k) => (k === "." ? "index" : `${k.slice(2)}/index`))
    .map((e) => ({ in: join(SRC, `${e}.ts`), out: e }));
}

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? files(p) : [p];
    });
}

function sourceHash() {
  const h = createHash("sha256");
  for (const f of [...files(SRC), join(ROOT, "package.json"), join(ROOT, "tsconfig.build.json"), __filename]) {
    h.update(relative(ROOT, f)).update("\0").update(readFileSync(f)).update("\0");
  }
  return h.digest("hex");
}

function main() {
  const hash = sourceHash();
  if (!process.argv.includes("--force") && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) {
    console.log("sdk: dist is current");
    return;
  }
  rmSync(DIST, { recursive: true, force: true });
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
  const external = [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies ?? {})];
  require("esbuild").buildSync({
    entryPoints: entries(),
    outdir: join(DIST, "esm"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2020",
    // Subpaths of the externals too (@noble/hashes/sha2).
    external: external.flatMap((e) => [e, `${e}/*`]),
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
  });
  mkdirSync(DIST, { recursive: true });
  writeFileSync(STAMP, hash);
  console.log(`sdk: built ${pkg.name} ${pkg.version} (cjs, esm, types; ${entries().length} entries)`);
}

main();
