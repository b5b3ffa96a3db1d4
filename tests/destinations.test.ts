/**
 * No path strands a token: tokens leaving a program's vault never land in a token account of
 * that program's own authority (another vault, or one anybody can create for the authority),
 * where nothing would ever move them again. Found by the fuzzer: a withdrawal whose destination
 * was the stake vault left its IO in the vault with no position behind it.
 */
import { expect } from "chai";
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair } from "@solana/web3.js";
import BN from "bn.js";
import {
  addBeneficiaryInstruction,
  attestUsageInstruction,
  authorityKey,
  claimEarningsInstruction,
  claimInstruction,
  claimVestedInstruction,
  Currency,
  escrowKey,
  feeVaultKey,
  jobKey,
  jobsAuthorityKey,
  MONTH_HOURS,
  positionKey,
  releaseInstruction,
  rewardsVaultKey,
  settleJobsInstruction,
  stakeVaultKey,
  stakingAuthorityKey,
  unstakeInstruction,
  vaultKey,
  withdrawInstruction,
} from "../sdk/src";
import { initialize, ioAccount, ioTokenChain } from "./fixtures";
import { expectError, expectOk } from "./harness";
import { IO, JobsWorld } from "./jobs-world";
import { DAY, StakingWorld } from "./staking-world";

describe("no path strands a token in a program's own accounts", () => {
  it("io_staking: a withdrawal or a claim into the stake vault, the rewards vault or another account of the staking authority is refused", () => {
    // Given a delegator whose stake has cooled down, with rewards to claim
    const w = new StakingWorld();
    const n = w.node("node-a", 300, IO.muln(1_000));
    const s = w.wallet(IO.muln(10));
    expectOk(w.stake(s.wallet, s.io, n.participant, IO.muln(10)));
    expectOk(w.closeEpoch());
    expectOk(w.chain.send([unstakeInstruction({ staker: s.wallet.publicKey, participant: n.participant, lastEpoch: w.lastEpoch(n.participant), amount: IO.muln(10) })], [s.wallet]));
    w.chain.warp(3 * DAY);
    // An IO account anyone can create for the staking authority
    const authorityAta = w.jobs.tokenAccount(stakingAuthorityKey()[0], Currency.Io);
    const watched = [positionKey(n.participant, s.wallet.publicKey)[0], stakeVaultKey()[0], rewardsVaultKey()[0], authorityAta, s.io];
    const before = w.chain.snapshot(watched);
    // When the delegator names one of them as the destination; Then each is refused and nothing moved
    for (const to of [stakeVaultKey()[0], rewardsVaultKey()[0], authorityAta]) {
      expectError(w.chain.send([withdrawInstruction({ staker: s.wallet.publicKey, participant: n.participant, stakerIo: to })], [s.wallet]), "InvalidDestination");
      const claim = claimInstruction({ staker: n.owner.publicKey, participant: n.participant, lastEpoch: w.lastEpoch(n.participant), to });
      expectError(w.chain.send([claim], [n.owner]), "InvalidDestination");
    }
    expect(w.chain.snapshot(watched)).to.equal(before);
    // And to its own account the withdrawal goes through
    expectOk(w.chain.send([withdrawInstruction({ staker: s.wallet.publicKey, participant: n.participant, stakerIo: s.io })], [s.wallet]));
    expect(w.jobs.balance(s.io).toString()).to.equal(IO.muln(10).toString());
  });

  it("io_jobs: a node's earnings cannot be claimed into an escrow, a fee vault or another account of the jobs authority", () => {
    // Given a settled USDC job: the node has earnings
    const w = new JobsWorld();
    const user = w.user();
    const nonce = new BN(1);
    w.send([w.openJobInstruction(user, nonce, 2, Currency.Usdc)], [user.wallet]);
    const [job] = jobKey(user.wallet.publicKey, nonce);
    w.chain.warp(2 * 3_600);
    for (const o of w.oracles.slice(0, 2)) w.send([attestUsageInstruction({ oracle: o.publicKey, job, hours: 2 })], [o]);
    w.chain.warp(3_600);
    const jobs = [{ job, node: w.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] }];
    w.send([settleJobsInstruction({ caller: w.chain.payer.publicKey, jobs, ...w.money(Currency.Usdc) })], [w.chain.payer]);
    // An account of the USDC mint created for the jobs authority (anyone can)
    const [authority] = jobsAuthorityKey();
    const authorityAta = getAssociatedTokenAddressSync(w.usdcMint, authority, true, TOKEN_PROGRAM_ID);
    w.send([createAssociatedTokenAccountIdempotentInstruction(w.chain.payer.publicKey, authorityAta, authority, w.usdcMint, TOKEN_PROGRAM_ID)], [w.chain.payer]);
    const watched = [w.node, escrowKey(w.usdcMint)[0], feeVaultKey(w.usdcMint)[0], authorityAta];
    const before = w.chain.snapshot(watched);
    // When the owner names one of them; Then each is refused and nothing moved
    for (const to of [escrowKey(w.usdcMint)[0], feeVaultKey(w.usdcMint)[0], authorityAta]) {
      const claim = claimEarningsInstruction({ owner: w.nodeOwner.publicKey, node: w.node, to, ...w.money(Currency.Usdc) });
      expectError(w.chain.send([claim], [w.nodeOwner]), "InvalidDestination");
    }
    expect(w.chain.snapshot(watched)).to.equal(before);
  });

  it("io_token: vested or released IO cannot go into another genesis vault or another account of the io_token authority", () => {
    // Given a seed grant unlocked at month 13
    const { chain, upgradeAuthority: admin } = ioTokenChain();
    expectOk(initialize(chain, admin));
    const genesis = chain.now();
    const investor = chain.wallet();
    expectOk(chain.send([addBeneficiaryInstruction({ admin: admin.publicKey, bucket: 0, beneficiary: investor.publicKey, amount: IO.muln(24) })], [admin]));
    chain.setUnixTime(genesis + BigInt(13 * MONTH_HOURS * 3_600));
    const authorityAta = ioAccount(chain, authorityKey()[0]);
    const watched = [vaultKey(0)[0], vaultKey(2)[0], vaultKey(4)[0], authorityAta];
    const before = chain.snapshot(watched);
    // When the beneficiary or the admin names another vault or the authority's account; Then refused, nothing moved
    for (const destination of [vaultKey(2)[0], authorityAta]) {
      expectError(chain.send([claimVestedInstruction({ beneficiary: investor.publicKey, bucket: 0, destination })], [investor]), "InvalidDestination");
      expectError(chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO, destination })], [admin]), "InvalidDestination");
    }
    expect(chain.snapshot(watched)).to.equal(before);
    // And an ordinary account still receives both
    const own = ioAccount(chain, Keypair.generate().publicKey);
    expectOk(chain.send([claimVestedInstruction({ beneficiary: investor.publicKey, bucket: 0, destination: own })], [investor]));
    expectOk(chain.send([releaseInstruction({ admin: admin.publicKey, bucket: 4, amount: IO, destination: own })], [admin]));
  });
});
