/**
 * The stateful fuzzer (tests/fuzz/) in the suite: every instruction of the four programs is
 * sent by some operation, and a seeded run of at least 100,000 operations (FUZZ_OPS, FUZZ_SEED
 * to change them; `npm run fuzz` for long runs) breaks no invariant, including the honest drain
 * at the end of every episode. A failure prints its seed and a shrunk sequence as a ready test.
 */
import { expect } from "chai";
import ioGovernance from "../idl/io_governance.json";
import ioJobs from "../idl/io_jobs.json";
import ioOracle from "../idl/io_oracle.json";
import ioStaking from "../idl/io_staking.json";
import ioToken from "../idl/io_token.json";
import ioBuyback from "../idl/io_buyback.json";
import { INVARIANTS } from "./fuzz/invariants";
import { OPS } from "./fuzz/ops";
import { runFuzz } from "./fuzz/runner";

const FUZZ_OPS = Number(process.env.FUZZ_OPS ?? 100_000);
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261130);

describe("fuzzer (random operations of all four programs, honest and colluding actors)", function () {
  this.timeout(1_800_000);

  it("sends every instruction of the four IDLs", () => {
    // Given every instruction the programs declare, and what the operations send
    const covered = new Set(Object.values(OPS).flatMap((op) => op.covers));
    const idls = [ioToken, ioOracle, ioJobs, ioStaking, ioBuyback, ioGovernance];
    const all = idls.flatMap((idl) => idl.instructions.map((ix) => `${idl.metadata.name}.${ix.name}`));
    // Then none is left out (a new instruction needs an operation the day it lands)
    expect(all.filter((name) => !covered.has(name))).to.deep.equal([]);
    // And no operation claims an instruction that does not exist
    expect([...covered].filter((name) => !all.includes(name))).to.deep.equal([]);
    console.log(`      ${all.length} instructions, each sent by a fuzz operation (${Object.keys(OPS).length} operations)`);
  });

  it(`runs ${FUZZ_OPS.toLocaleString("en-US")} operations from seed ${FUZZ_SEED} without breaking an invariant`, () => {
    // Given the world's snapshot, When episodes of random operations run, each followed by the honest drain
    const report = runFuzz({ ops: FUZZ_OPS, seed: FUZZ_SEED, log: (line) => line.startsWith("  it(") && console.log(line) });
    const sent = Object.values(report.opCounts).reduce((s, c) => s + c.run, 0);
    console.log(
      `      ${report.ops.toLocaleString("en-US")} operations (${report.transactions.toLocaleString("en-US")} transactions, ` +
        `${report.failedTransactions.toLocaleString("en-US")} refused; ${report.drainTransactions.toLocaleString("en-US")} more draining) ` +
        `in ${report.episodes} episodes, ${report.seconds.toFixed(1)} s, ${report.opsPerSecond} operations/s; ` +
        `${report.invariants.length} invariants after every step`,
    );
    expect(sent).to.equal(report.ops);
    // Then every invariant held (a failure above printed its shrunk sequence as a test)
    expect(report.failures.map((f) => `${f.violation.invariant}: ${f.violation.detail}`)).to.deep.equal([]);
    expect(report.invariants).to.deep.equal(Object.keys(INVARIANTS));
  });
});
