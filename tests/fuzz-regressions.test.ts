/**
 * Sequences the fuzzer found, shrunk, kept as tests (the fuzzer prints each failure in this
 * form). Each replays from the fuzz world's snapshot and must now break no invariant.
 */
import { expect } from "chai";
import { Desc } from "./fuzz/ops";
import { replay } from "./fuzz/runner";

describe("fuzzer regressions", function () {
  this.timeout(120_000);

  it("fuzz seed 20261130 episode 11: stake-vault-equals-positions (a withdrawal into the stake vault itself)", () => {
    // vault 164900000000, positions 150000000000: the 'dup' twist made the staker's IO account the
    // stake vault, so the withdrawal marked 149 IO as paid while it stayed in the vault, stranded
    const ops: Desc[] = [
      { op: "stake", staker: "s2", p: 1, amount: "14900000000", stale: false },
      { op: "warp", seconds: 98026, round: true, price: 199596410 },
      { op: "close_epoch", offset: 0, crank: true },
      { op: "claim", staker: "s2", p: 1, compound: false, to: "own" },
      { op: "unstake", staker: "s2", p: 1, amount: "10000000000000", all: true },
      { op: "warp", seconds: 155353, round: true, price: 200195199 },
      { op: "warp", seconds: 86563, round: true, price: 200195199 },
      { op: "withdraw", staker: "s2", p: 1, twist: "dup", twistA: 56, twistB: 547 },
    ];
    expect(replay(ops)).to.equal(null);
  });
});
