/**
 * The attack matrix, generated from the four IDLs: for every instruction and every sealevel
 * attack class that applies to it (missing and wrong signers, wrong owner, type cosplay,
 * another instance, duplicated mutable accounts, substituted vaults/mints/programs/authorities,
 * reinitialisation, closed-account revival, replay), the attacked transaction is sent to the
 * real .so in LiteSVM and must fail with the program's named error leaving every account it
 * names unchanged. Each instruction's valid fixture is sent first (the control) and must
 * succeed, so each refusal comes from its mutation. Prints the coverage: instructions x classes.
 *
 * Given: the world of tests/matrix/world.ts, restored per instruction, and the fixture's state.
 * When: each mutation of the valid instruction is sent (on the state before the control).
 * Then: the expected named error (tests/matrix/expect.ts), and no named account changed.
 */
import { expect } from "chai";
import { INSTRUCTIONS } from "./matrix/idl";
import { FIXTURES } from "./matrix/fixtures";
import { buildPools } from "./matrix/pools";
import { CaseResult, Matrix } from "./matrix/runner";
import { buildWorld, restore } from "./matrix/world";

const VERBOSE = process.env.MATRIX_VERBOSE === "1";

function report(failures: CaseResult[]): string {
  return failures.map((r) => `  [${r.cls}] ${r.ix}: ${r.label}\n      expected ${r.expect}, got ${r.got}${r.detail ? `\n      ${r.detail.split("\n").join("\n      ")}` : ""}`).join("\n");
}

describe("attack matrix (generated from idl/*.json)", function () {
  let matrix: Matrix;
  const started = Date.now();

  before(() => {
    const world = buildWorld();
    matrix = new Matrix(world, buildPools(restore(world), world.keys));
  });

  it("has a fixture for every instruction of the IDLs, and none for an instruction they lack", () => {
    const missing = INSTRUCTIONS.filter((ix) => FIXTURES[ix.id] === undefined).map((ix) => ix.id);
    expect(missing, `instructions without a fixture in tests/matrix/fixtures.ts: ${missing.join(", ")}`).to.deep.equal([]);
    const stale = Object.keys(FIXTURES).filter((id) => !INSTRUCTIONS.some((ix) => ix.id === id));
    expect(stale, `fixtures of no IDL instruction: ${stale.join(", ")}`).to.deep.equal([]);
    expect(INSTRUCTIONS.length).to.equal(65 + 11 + 11 + 3 + 1 + 1 + 1 + 2); // io_buyback: 11; io_governance: 10 and io_staking.lock_position; io_jobs' referrals: 3; io_jobs' discount table: 1; io_staking's priority tiers: 1; io_jobs' attest_reputation: 1; io_staking's usage rewards: 2
  });

  for (const ix of INSTRUCTIONS) {
    it(`${ix.id}: every attack that applies is refused by name and changes nothing`, () => {
      matrix.runInstruction(ix);
      const failures = matrix.failures(ix.id);
      if (VERBOSE) console.log(report(matrix.results.filter((r) => r.ix.split(" ")[0] === ix.id)));
      expect(failures.length, `${failures.length} case(s) of ${ix.id} did not get the expected answer:\n${report(failures)}`).to.equal(0);
    });
  }

  it("closed-account revival: every reader of a closed account type refuses it refunded", () => {
    matrix.runRevivals();
    const failures = matrix.results.filter((r) => r.cls === "revival" && !r.pass);
    expect(failures.length, report(failures)).to.equal(0);
  });

  after(() => {
    if (!matrix) return;
    console.log(`\nAttack matrix coverage (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    console.log(matrix.coverageTable());
    if (process.env.MATRIX_DUMP) require("fs").writeFileSync(process.env.MATRIX_DUMP, JSON.stringify(matrix.results, null, 1));
  });
});
