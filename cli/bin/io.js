#!/usr/bin/env node
// The `io` command (`npx io ...` from a checkout): runs cli/io.ts through ts-node.
const path = require("path");
require("ts-node").register({ project: path.join(__dirname, "..", "..", "tsconfig.json"), transpileOnly: true });
require("../io.ts")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
