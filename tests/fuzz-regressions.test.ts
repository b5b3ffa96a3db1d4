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

  it("fuzz seed 20261130 episode 34 (on the integration of governance and the demand side): jobs-escrow-equals-obligations (a sale to the buyback twisted to pay into the USDC escrow)", () => {
    // currency 0: escrow 50000000, open jobs 0: the 'swap' twist made the seller's USDC account
    // (buy's account 5) io_jobs' USDC escrow; io_buyback paid the 50 USDC of the sale there, the
    // seller's own donation the books rightly never count. The runner now counts what a twisted
    // buyback_buy pays into an io_jobs vault as donated, as it does for buyback_fund.
    const ops: Desc[] = [
      { op: "register_participant", user: 1, share: 100 },
      { op: "register_participant", user: 2, share: 50 },
      { op: "attest_usage", job: "1:1", oracle: 3, hours: 9, twist: "dup", twistA: 5, twistB: 347 },
      { op: "open_job", user: 0, nonce: 3, node: 2, currency: 1, hours: 6, served: 0.5, guard: "none" },
      { op: "register_node", owner: 2, device: 2, price: 18 },
      { op: "gov_vote", staker: "o0", p: 3, proposal: 0, choice: 2, lock: true, by: "staker" },
      { op: "warp", seconds: 161352, round: true, price: 200192993 },
      { op: "open_job", user: 1, nonce: 4, node: 1, currency: 1, hours: 9, served: 1, guard: "quote" },
      { op: "resolve_slash", node: 2, uphold: false, signer: "a" },
      { op: "open_job", user: 1, nonce: 5, node: 3, currency: 1, hours: 10, served: 0, guard: "quote" },
      { op: "open_job", user: 2, nonce: 3, node: 1, currency: 2, hours: 6, served: 1, guard: "none" },
      { op: "attest_usage", job: "1:2", oracle: 0, hours: 0 },
      { op: "open_job", user: 3, nonce: 4, node: 1, currency: 1, hours: 1, served: 1, guard: "quote" },
      { op: "attest_usage", job: "0:0", oracle: 4, hours: 9 },
      { op: "hostile_admin", which: 18, admin: false, twist: "unsign", twistA: 32, twistB: 562 },
      { op: "open_job", user: 0, nonce: 5, node: 3, currency: 2, hours: 12, served: 0, guard: "none" },
      { op: "claim_earnings", node: 1, currency: 2, to: "own", stranger: false },
      { op: "open_job", user: 3, nonce: 5, node: 0, currency: 2, hours: 6, served: 0, guard: "quote" },
      { op: "open_job", user: 1, nonce: 6, node: 2, currency: 2, hours: 9, served: 0.5, guard: "none" },
      { op: "submit_price", oracle: 0, price: 200172974, confidence: 1000965, age: 24, stale: false },
      { op: "start_lot" },
      { op: "claim_earnings", node: 1, currency: 2, to: "x", stranger: true },
      { op: "buyback_buy", actor: "o2", usdc: "5000000000000", maxIo: "quote", lot: 0, late: true, intoVault: false },
      { op: "buyback_buy", actor: "u0", usdc: "50000000", maxIo: "quote", lot: 0, late: false, intoVault: false, twist: "swap", twistA: 49, twistB: 579 },
    ];
    expect(replay(ops)).to.equal(null);
  });

  it("fuzz seed 20261130 episode 19 (on the integration of 7ec19da): jobs-fee-vaults-equal-fees (a staker's withdrawal twisted to pay into the IO fee vault)", () => {
    // currency 1: vault 20000000000, recorded and unswept 0 (found as vault 100080769 after 864
    // operations, operator 2's withdrawal of 1.00080769 IO; shrunk by hand to these 3): the 'swap' twist made the withdrawing staker's IO account (withdraw's
    // account 4, staker_io) io_jobs' IO fee vault (pool index 42: 13 wallets x 3 accounts, the two
    // escrows, then the USDC and IO fee vaults). io_staking paid the operator's own 200 IO there
    // (it refuses only its own vaults as a destination); no io_jobs code ran, so io_jobs' books
    // rightly never count it: the staker's donation, surplus in the vault. The runner now counts
    // what any twisted transaction without an io_jobs (or io_governance) instruction pays into an
    // io_jobs vault as donated, not only a twisted buyback_fund or buyback_buy.
    const ops: Desc[] = [
      { op: "unstake", staker: "o0", p: 0, amount: "10000000000000", all: true },
      { op: "warp", seconds: 2592000, round: false, price: 200000000 },
      { op: "withdraw", staker: "o0", p: 0, twist: "swap", twistA: 4, twistB: 42 },
    ];
    expect(replay(ops)).to.equal(null);
  });
});
