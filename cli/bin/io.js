#!/usr/bin/env node
// The `io` command (`npx io ...` from a checkout): runs the compiled CLI in dist/, compiling it
// first when it is missing or older than its sources (cli/bin/build.js).
"use strict";
const { join } = require("path");
const { ensureBuilt, DIST } = require("./build");

try {
  const reason = ensureBuilt();
  if (reason !== null) process.stderr.write(`io: compiled the CLI into dist/ (${reason})\n`);
} catch (e) {
  process.stderr.write(`io: ${e.message}\n`);
  process.exit(1);
}
require(join(DIST, "cli", "io.js"))
  .runFromShell(process.argv.slice(2))
  .then((code) => process.exit(code));
