/**
 * The compiled CLI: `tsc -p tsconfig.cli.json` into dist/ (gitignored), and whether it is stale.
 * After a build, dist/cli-inputs.json lists every source file the compiler read (from its
 * .tsbuildinfo, node_modules left out) with the build's configuration files; the build is stale
 * when one of them is newer than that list, or gone. `node cli/bin/build.js` builds only when
 * stale (scripts/setup.sh runs it), `--force` always; cli/bin/io.js checks and rebuilds before it
 * runs, so nothing runs stale code. Plain JavaScript: it runs before anything is compiled.
 */
"use strict";
const { existsSync, readFileSync, statSync, writeFileSync } = require("fs");
const { join, resolve } = require("path");

const ROOT = resolve(__dirname, "..", "..");
const DIST = join(ROOT, "dist");
const INPUTS = join(DIST, "cli-inputs.json");
const CONFIGS = ["tsconfig.json", "tsconfig.cli.json", "package.json", "cli/bin/build.js"];

/** Why the compiled CLI must be rebuilt, or null when it is up to date. */
function staleReason() {
  if (!existsSync(join(DIST, "cli", "io.js"))) return "not built yet";
  let built;
  let inputs;
  try {
    built = statSync(INPUTS).mtimeMs;
    inputs = JSON.parse(readFileSync(INPUTS, "utf8"));
  } catch {
    return "no input list";
  }
  for (const file of inputs) {
    let mtime;
    try {
      mtime = statSync(join(ROOT, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (mtime > built) return `${file} changed`;
  }
  return null;
}

/** Compiles the CLI; throws with the compiler's output when it fails. */
function build() {
  // (required here: child_process costs a start that needs no build 20 ms)
  const { spawnSync } = require("child_process");
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const res = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.cli.json")], { cwd: ROOT, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`the CLI does not compile (tsc -p tsconfig.cli.json):\n${res.stdout}${res.stderr}`);
  const info = JSON.parse(readFileSync(join(DIST, ".tsbuildinfo"), "utf8"));
  const sources = info.fileNames
    .map((f) => resolve(DIST, f))
    .filter((f) => f.startsWith(ROOT + "/") && !f.includes("/node_modules/"))
    .map((f) => f.slice(ROOT.length + 1));
  writeFileSync(INPUTS, JSON.stringify([...CONFIGS, ...sources]) + "\n");
}

/** Builds when stale; returns what was done, for a message. */
function ensureBuilt(force = false) {
  const reason = force ? "forced" : staleReason();
  if (reason === null) return null;
  build();
  return reason;
}

module.exports = { ensureBuilt, staleReason, DIST };

if (require.main === module) {
  try {
    const reason = ensureBuilt(process.argv.includes("--force"));
    console.log(reason === null ? "cli: compiled CLI up to date" : `cli: compiled into dist/ (${reason})`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
