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

  it("fuzz seed 20261130 episode 40 (on the demand-side branch): jobs-fee-vaults-equal-fees (the harness's mint twisted into the USDC fee vault)", () => {
    // currency 0: vault 200000000, recorded and unswept 0: the 'swap' twist sent the harness's
    // USDC mint (buyback_fund, no program instruction) to io_jobs' USDC fee vault, a donation the
    // books rightly never count (it stays as surplus); the invariants now subtract what the
    // harness donated. Pool index 41 is the USDC fee vault (13 wallets x 3 accounts, then the
    // USDC and IO escrows); key 1 of the mint is its destination.
    const ops: Desc[] = [
      { op: "buyback_fund", incentives: false, amount: "200000000", twist: "swap", twistA: 1, twistB: 41 },
      { op: "buyback_fund", incentives: false, amount: "300000000", twist: "swap", twistA: 1, twistB: 39 },
    ];
    expect(replay(ops)).to.equal(null);
  });
});
