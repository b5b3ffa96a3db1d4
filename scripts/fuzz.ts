/**
 * `npm run fuzz -- [--ops N] [--seed S] [--episode-ops K] [--json]`: the stateful fuzzer over the
 * real .so files (tests/fuzz/). Prints operations per second, the invariants checked, the
 * operations' success counts and, for a failure, the seed and a shrunk sequence as a ready test.
 * Exits 1 on a failure.
 */
import { existsSync } from "fs";
import { join } from "path";
import { DEPLOY_DIR } from "../cli/chain";
import { INVARIANTS } from "../tests/fuzz/invariants";
import { runFuzz } from "../tests/fuzz/runner";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const missing = ["io_token", "io_oracle", "io_jobs", "io_staking", "io_buyback", "io_governance"].filter((p) => !existsSync(join(DEPLOY_DIR, `${p}.so`)));
if (missing.length > 0) {
  console.error(`fuzz: ${missing.join(", ")} not built in target/deploy: run \`npm run build\` first`);
  process.exit(2);
}

const ops = flag("ops", 100_000);
const seed = flag("seed", Math.floor(Math.random() * 2 ** 31));
const episodeOps = flag("episode-ops", 2_000);
console.log(`fuzz: ${ops} operations, seed ${seed}, ${episodeOps} per episode`);
const report = runFuzz({ ops, seed, episodeOps, log: (line) => console.log(line) });
console.log(`\n${report.ops} operations (${report.transactions} transactions, ${report.failedTransactions} refused as they should be or not) in ${report.episodes} episodes`);
console.log(`plus ${report.drainTransactions} transactions of honest draining; ${report.seconds.toFixed(1)} s, ${report.opsPerSecond} operations/s`);
console.log(`\ninvariants checked after every step (${report.invariants.length}):`);
for (const name of report.invariants) console.log(`  ${name}: ${INVARIANTS[name]}`);
console.log("\noperations (run / succeeded):");
for (const [name, c] of Object.entries(report.opCounts).sort()) console.log(`  ${name.padEnd(22)} ${String(c.run).padStart(7)} / ${c.ok}`);
if (process.argv.includes("--json")) console.log(JSON.stringify(report));
if (report.failures.length > 0) {
  console.log(`\n${report.failures.length} failure(s); seed ${seed}`);
  process.exit(1);
}
console.log(`\nno invariant violated (seed ${seed})`);
