/**
 * io_governance's proposals of several actions on the real .so files (issue 15): up to four
 * typed actions per proposal, executed in order and atomically in one `execute`; a failing
 * action leaves the proposal queued and retryable; `propose` with four actions fits in one
 * small transaction (measured). Attacks: too many or repeated actions, an out-of-bound value in
 * any position, a wrong target config at proposal time, and at execution accounts reordered,
 * substituted, missing or added, and double execution. Refusals assert the error and unchanged
 * state.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  ActionSpec,
  buybackConfigKey,
  decodeBuybackConfig,
  DEFAULT_BUYBACK_PARAMS,
  govParam,
  initializeBuybackInstruction,
  IO_BUYBACK_PROGRAM_ID,
  proposeBuybackAdminInstruction,
  setStakingParamsInstruction,
  decodeJobsConfig,
  decodeOracleConfig,
  decodeStakingConfig,
  executeInstruction,
  executorKey,
  GovAction,
  governanceConfigKey,
  jobsConfigKey,
  oracleConfigKey,
  parseIoGovernanceEvents,
  proposalActions,
  proposalKey,
  proposalStatus,
  proposeInstruction,
  PROPOSE_FIXED_ACCOUNTS,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  proposeStakingAdminInstruction,
  stakingConfigKey,
  DEFAULT_JOBS_PARAMS,
  DEFAULT_REFERRAL_PARAMS,
  setReferralParamsInstruction,
  setDiscountTiersInstruction,
  setPriorityTiersInstruction,
  setUsageParamsInstruction,
  DEFAULT_DISCOUNT_TIERS,
  acceptJobsAdminInstruction,
  buybackUsdcVaultKey,
  Currency,
  GuardianTarget,
  guardianAction,
  incentivesVaultKey,
  pauseBuybackInstruction,
  proposeAdminAction,
  spendAction,
  vetoInstruction,
} from "../sdk/src";
import { createMintToInstruction } from "@solana/spl-token";
import { STAKING_PARAMS } from "./staking-world";
import { signedWire } from "../cli/chain/wire";
import { expectError, expectOk } from "./harness";
import { IO } from "./jobs-world";
import { GovWorld, GOV_PARAMS, Voter } from "./governance-world";

const NETWORK_FEE = 0;
const CHALLENGE_WINDOW = 3;
const FEE_BUYBACK = 8;
const ORACLE = 1;
const JOBS = 2;
const STAKING = 3;
/** Solana's packet limit for one transaction. */
const PACKET = 1_232;

const now = (w: GovWorld) => Number(w.chain.now());
const job = (target: number, value: number): ActionSpec => ({ action: GovAction.JobParam, target, value: new BN(value) });
const accept = (target: number): ActionSpec => ({ action: GovAction.AcceptAdmin, target, value: new BN(0) });

/** Given nodeA's owner (1,000 IO own) and a delegator (600 IO) staked in epoch 0, epoch 1 open. */
function world(): { w: GovWorld; owner: Voter; delegator: Voter } {
  const w = new GovWorld();
  const owner = w.ownerVoter();
  const delegator = w.delegator(IO.muln(600));
  expectOk(w.staking.closeEpoch());
  return { w, owner, delegator };
}

/** Both vote yes, the voting ends, the proposal is queued and its timelock passes. */
function passAndWait(w: GovWorld, proposal: PublicKey, voters: Voter[]): void {
  for (const v of voters) expectOk(w.vote(v, proposal, 1));
  w.chain.warp(GOV_PARAMS.votingPeriod);
  expectOk(w.queue(proposal));
  w.chain.warp(GOV_PARAMS.timelock);
}

/** io_jobs' and io_oracle's admin roles handed to the executor by one two-action proposal. */
function handOver(w: GovWorld, owner: Voter, delegator: Voter): void {
  const [executor] = executorKey();
  w.staking.jobs.send([proposeJobsAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
  w.staking.jobs.send([proposeOracleAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
  const { res, proposal } = w.proposeAll(owner, [accept(JOBS), accept(ORACLE)]);
  expectOk(res);
  passAndWait(w, proposal, [owner, delegator]);
  expectOk(w.execute(proposal));
}

const jobs = (w: GovWorld) => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
const staking = (w: GovWorld) => decodeStakingConfig(w.chain.account(stakingConfigKey()[0])!);
const buyback = (w: GovWorld) => decodeBuybackConfig(w.chain.account(buybackConfigKey()[0])!);
const oracleConfig = (w: GovWorld) => decodeOracleConfig(w.chain.account(oracleConfigKey()[0])!);

/** Parameter ids (io_common::governance::param). */
const COOLDOWN = 22;
const MIN_SHARE = 20;
const AVAILABILITY = 17;
const PREMIUM = 46;
const MULTIPLIER = 41;
const STALENESS = 32;
const QUORUM = 65;
const THRESHOLD = 66;
const BUYBACK = 4;
const REFERRAL_BPS = 80;
/** io_jobs' discount table, tier 1's discount (io_common::governance::param 97). */
const TIER1_BPS = 97;
/** io_staking's priority tiers, tier 2's threshold (io_common::governance::param 105). */
const PRIORITY_TIER2 = 105;
/** io_staking's usage rewards for teams (setter 11): the share of the compute pool, and the usage rate's cap. */
const USAGE_BPS = 108;
const MAX_USAGE_RATE_ID = 109;

/** io_buyback deployed and initialised by the admin, then io_staking's, io_buyback's and io_oracle's admin roles handed to the executor by one proposal. */
function handOverAll(w: GovWorld, owner: Voter, delegator: Voter): void {
  const [executor] = executorKey();
  const { chain } = w;
  chain.deployUpgradeable(IO_BUYBACK_PROGRAM_ID, "io_buyback", w.admin.publicKey);
  w.staking.jobs.send([initializeBuybackInstruction({ payer: w.admin.publicKey, usdcMint: w.staking.jobs.usdcMint, ...DEFAULT_BUYBACK_PARAMS })], [w.admin]);
  w.staking.jobs.send([proposeStakingAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
  w.staking.jobs.send([proposeBuybackAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
  w.staking.jobs.send([proposeOracleAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
  const { res, proposal } = w.proposeAll(owner, [accept(STAKING), accept(BUYBACK), accept(ORACLE)]);
  expectOk(res);
  passAndWait(w, proposal, [owner, delegator]);
  expectOk(w.execute(proposal));
}

describe("io_governance actions", () => {
  it("one proposal hands over two programs, then one changes two io_jobs parameters and the oracle set, in order, atomically", () => {
    const { w, owner, delegator } = world();
    const [executor] = executorKey();
    // Given io_jobs and io_oracle handed over by a single proposal of two actions.
    handOver(w, owner, delegator);
    expect(jobs(w).admin.toBase58()).to.equal(executor.toBase58());
    expect(decodeOracleConfig(w.chain.account(oracleConfigKey()[0])!).admin.toBase58()).to.equal(executor.toBase58());
    // When a proposal of three actions passes: the network fee 5% -> 7%, the fee buyback share, the oracle set.
    const members = [Keypair.generate(), Keypair.generate(), Keypair.generate()].map((k) => k.publicKey);
    const before = jobs(w);
    const { res, proposal } = w.proposeAll(owner, [job(NETWORK_FEE, 700), job(FEE_BUYBACK, 2_500), { action: GovAction.OracleSet, target: 0, value: new BN(2) }], members);
    const proposed = expectOk(res);
    // Then the diff of each action is on chain and in the events before anyone votes.
    const stored = proposalActions(w.proposal(proposal));
    expect(stored.map((a) => [a.action, a.target, a.value.toNumber(), a.oldValue.toNumber()])).to.deep.equal([
      [GovAction.JobParam, NETWORK_FEE, 700, DEFAULT_JOBS_PARAMS.networkFeeBps],
      [GovAction.JobParam, FEE_BUYBACK, 2_500, before.feeBuybackBps],
      [GovAction.OracleSet, 0, 2, 0],
    ]);
    const events = parseIoGovernanceEvents(proposed.logs);
    expect(events.filter((e) => e.name === "actionProposed").map((e) => (e.data as { position: number }).position)).to.deep.equal([0, 1, 2]);
    passAndWait(w, proposal, [owner, delegator]);
    const versionBefore = decodeOracleConfig(w.chain.account(oracleConfigKey()[0])!).setVersion;
    expectOk(w.execute(proposal));
    // Then every action took effect, and nothing else in io_jobs' config moved.
    const after = jobs(w);
    expect([after.networkFeeBps, after.feeBuybackBps]).to.deep.equal([700, 2_500]);
    expect({ ...after, networkFeeBps: 0, feeBuybackBps: 0 }).to.deep.equal({ ...before, networkFeeBps: 0, feeBuybackBps: 0 });
    const oracle = decodeOracleConfig(w.chain.account(oracleConfigKey()[0])!);
    expect(oracle.members.map((m) => m.toBase58())).to.deep.equal(members.map((m) => m.toBase58()));
    expect([oracle.quorum, oracle.setVersion]).to.deep.equal([2, versionBefore + 1]);
    expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Executed");
    // And a second execution is refused, nothing changes.
    const snap = w.chain.snapshot([proposal, jobsConfigKey()[0], oracleConfigKey()[0]]);
    expectError(w.execute(proposal), "NotQueued");
    expect(w.chain.snapshot([proposal, jobsConfigKey()[0], oracleConfigKey()[0]])).to.equal(snap);
  });

  it("governance sets io_jobs' referral terms through set_referral_params (setter 6): one changed, the other two kept as in force, bounds refused at proposal", () => {
    const { w, owner, delegator } = world();
    // Given io_jobs handed over and its referral terms at their defaults (set by the admin before)
    w.staking.jobs.send([setReferralParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [w.admin]);
    handOver(w, owner, delegator);
    const before = jobs(w);
    // When a proposal sets the referral share to 30% (id 80); 50.01% is refused when proposed
    expectError(w.proposeAll(owner, [job(REFERRAL_BPS, 5_001)]).res, "ParamOutOfBounds");
    const { res, proposal } = w.proposeAll(owner, [job(REFERRAL_BPS, 3_000)]);
    expectOk(res);
    expect(proposalActions(w.proposal(proposal)).map((a) => [a.target, a.value.toNumber(), a.oldValue.toNumber()])).to.deep.equal([[REFERRAL_BPS, 3_000, 2_000]]);
    passAndWait(w, proposal, [owner, delegator]);
    expectOk(w.execute(proposal));
    // Then the share changed and the period and cap (and everything else) are as they were
    const after = jobs(w);
    expect([after.referralBps, after.referralPeriod, after.referralCapUsd.toString()]).to.deep.equal([3_000, DEFAULT_REFERRAL_PARAMS.referralPeriod, DEFAULT_REFERRAL_PARAMS.referralCapUsd.toString()]);
    expect({ ...after, referralBps: 0 }).to.deep.equal({ ...before, referralBps: 0 });
    // And the old admin can no longer set them
    expectError(w.chain.send([setReferralParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_REFERRAL_PARAMS })], [w.admin]), "Unauthorized");
  });

  it("governance sets io_jobs' discount table through set_discount_tiers (setter 9): one changed, the other six kept as in force; bounds refused at proposal, a falling table at execution", () => {
    const { w, owner, delegator } = world();
    // Given io_jobs handed over with the default discount table (set by the admin before)
    w.staking.jobs.send([setDiscountTiersInstruction({ admin: w.admin.publicKey, ...DEFAULT_DISCOUNT_TIERS })], [w.admin]);
    handOver(w, owner, delegator);
    const before = jobs(w);
    // When a proposal sets tier 1's discount to 15% (id 97); 50.01% is refused when proposed
    expectError(w.proposeAll(owner, [job(TIER1_BPS, 5_001)]).res, "ParamOutOfBounds");
    const { res, proposal } = w.proposeAll(owner, [job(TIER1_BPS, 1_500)]);
    expectOk(res);
    expect(proposalActions(w.proposal(proposal)).map((a) => [a.target, a.value.toNumber(), a.oldValue.toNumber()])).to.deep.equal([[TIER1_BPS, 1_500, 1_000]]);
    passAndWait(w, proposal, [owner, delegator]);
    expectOk(w.execute(proposal));
    // Then tier 1 gives 15% and the rest of the table (and of the config) is as it was
    const after = jobs(w);
    expect(after.discountBps).to.deep.equal([1_500, 2_500, 5_000]);
    expect({ ...after, discountBps: [] }).to.deep.equal({ ...before, discountBps: [] });
    // And a tier 1 above tier 2 passes the per-parameter bounds but the setter refuses it at execution
    const falling = w.proposeAll(owner, [job(TIER1_BPS, 3_000)]);
    expectOk(falling.res);
    passAndWait(w, falling.proposal, [owner, delegator]);
    expectError(w.execute(falling.proposal), "InvalidDiscountTiers");
    expect(jobs(w).discountBps).to.deep.equal([1_500, 2_500, 5_000]);
    // And the old admin can no longer set it
    expectError(w.chain.send([setDiscountTiersInstruction({ admin: w.admin.publicKey, ...DEFAULT_DISCOUNT_TIERS })], [w.admin]), "Unauthorized");
  });

  it("propose with four actions and a 10-member oracle set fits in one transaction (measured)", () => {
    const { w, owner } = world();
    const members = Array.from({ length: 10 }, () => Keypair.generate().publicKey);
    const actions = [job(NETWORK_FEE, 700), job(CHALLENGE_WINDOW, 7_200), job(FEE_BUYBACK, 2_500), { action: GovAction.OracleSet, target: 0, value: new BN(6) }];
    const index = w.config().proposalCount;
    const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions, members });
    const bytes = signedWire([ix], [owner.wallet], w.chain.svm.latestBlockhash()).length;
    const one = signedWire([proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions: [job(NETWORK_FEE, 700)] })], [owner.wallet], w.chain.svm.latestBlockhash()).length;
    const res = expectOk(w.chain.send([ix], [owner.wallet]));
    console.log(`      propose: 4 actions + 10 members ${bytes} bytes, ${res.computeUnits} CU; 1 action ${one} bytes (limit ${PACKET})`);
    expect(bytes).to.be.at.most(PACKET);
    expect(proposalActions(w.proposal(proposalKey(index)[0])).length).to.equal(4);
  });

  it("a failing action rolls back the ones before it and leaves the proposal queued; it executes once fixed", () => {
    const { w, owner, delegator } = world();
    handOver(w, owner, delegator);
    // Given a passed proposal: the network fee, then accepting io_staking's admin (not proposed yet).
    const { res, proposal } = w.proposeAll(owner, [job(NETWORK_FEE, 800), accept(STAKING)]);
    expectOk(res);
    passAndWait(w, proposal, [owner, delegator]);
    // When it is executed, the second action fails inside io_staking.
    const watched = [proposal, jobsConfigKey()[0], stakingConfigKey()[0]];
    const snap = w.chain.snapshot(watched);
    expect(w.execute(proposal).ok).to.equal(false);
    // Then the first action's change is rolled back and the proposal is still queued.
    expect(w.chain.snapshot(watched)).to.equal(snap);
    expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Queued");
    // When io_staking's admin proposes the executor, the same proposal executes, both actions.
    w.staking.jobs.send([proposeStakingAdminInstruction({ admin: w.admin.publicKey, newAdmin: executorKey()[0] })], [w.admin]);
    expectOk(w.execute(proposal));
    expect(jobs(w).networkFeeBps).to.equal(800);
    expect(decodeStakingConfig(w.chain.account(stakingConfigKey()[0])!).admin.toBase58()).to.equal(executorKey()[0].toBase58());
  });

  it("each action applies to the config as it is at execution: a change made meanwhile by another proposal stays", () => {
    const { w, owner, delegator } = world();
    handOver(w, owner, delegator);
    // Given two proposals open at once, each changing a different parameter.
    const a = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(650));
    const b = w.propose(owner, GovAction.JobParam, CHALLENGE_WINDOW, new BN(5_400));
    for (const p of [a, b]) {
      expectOk(p.res);
      for (const v of [owner, delegator]) expectOk(w.vote(v, p.proposal, 1));
    }
    w.chain.warp(GOV_PARAMS.votingPeriod);
    expectOk(w.queue(a.proposal));
    expectOk(w.queue(b.proposal));
    w.chain.warp(GOV_PARAMS.timelock);
    // When the later one executes first.
    expectOk(w.execute(b.proposal));
    expectOk(w.execute(a.proposal));
    // Then both changes hold.
    expect([jobs(w).networkFeeBps, jobs(w).challengeWindow]).to.deep.equal([650, 5_400]);
  });

  it("refuses at proposal time: five actions, none, a repeated one, an out-of-bound value in any position, members without an oracle set, a wrong target config", () => {
    const { w, owner } = world();
    const count = w.config().proposalCount.toString();
    const snap = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0]]);
    const before = snap();
    expectError(w.proposeAll(owner, [0, 1, 2, 3, 4].map((t) => job(t, 100))).res, "InvalidActionCount");
    expectError(w.proposeAll(owner, []).res, "InvalidActionCount");
    expectError(w.proposeAll(owner, [job(NETWORK_FEE, 700), job(FEE_BUYBACK, 100), job(NETWORK_FEE, 600)]).res, "DuplicateAction");
    expectError(w.proposeAll(owner, [job(NETWORK_FEE, 700), job(FEE_BUYBACK, 10_001)]).res, "ParamOutOfBounds");
    expectError(w.proposeAll(owner, [job(NETWORK_FEE, 700), job(CHALLENGE_WINDOW, 0)]).res, "ParamOutOfBounds");
    expectError(w.proposeAll(owner, [job(NETWORK_FEE, 700)], [Keypair.generate().publicKey]).res, "InvalidAction");
    expectError(w.proposeAll(owner, [job(NETWORK_FEE, 700), { ...job(FEE_BUYBACK, 100), key: Keypair.generate().publicKey }]).res, "InvalidAction");
    // The second action's target config replaced by io_oracle's config.
    const index = w.config().proposalCount;
    const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions: [job(NETWORK_FEE, 700), job(FEE_BUYBACK, 100)] });
    ix.keys[ix.keys.length - 1] = { ...ix.keys[ix.keys.length - 1], pubkey: oracleConfigKey()[0] };
    expectError(w.chain.send([ix], [owner.wallet]), "InvalidTarget");
    // A target config missing.
    const short = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions: [job(NETWORK_FEE, 700), job(FEE_BUYBACK, 100)] });
    short.keys.pop();
    expectError(w.chain.send([short], [owner.wallet]), "NotEnoughAccounts");
    expect(w.config().proposalCount.toString()).to.equal(count);
    expect(snap()).to.equal(before);
  });

  it("refuses at execution: actions' accounts reordered, substituted, missing or extra; nothing changes and the proposal stays queued", () => {
    const { w, owner, delegator } = world();
    handOver(w, owner, delegator);
    const members = [Keypair.generate(), Keypair.generate(), Keypair.generate()].map((k) => k.publicKey);
    const { res, proposal } = w.proposeAll(owner, [job(NETWORK_FEE, 900), { action: GovAction.OracleSet, target: 0, value: new BN(2) }], members);
    expectOk(res);
    passAndWait(w, proposal, [owner, delegator]);
    const caller = w.chain.payer;
    const valid = () => executeInstruction({ caller: caller.publicKey, proposal, actions: proposalActions(w.proposal(proposal)) });
    const watched = [proposal, jobsConfigKey()[0], oracleConfigKey()[0]];
    const snap = w.chain.snapshot(watched);
    // The actions' accounts in the other order (as if executing the oracle set first).
    const reordered = executeInstruction({ caller: caller.publicKey, proposal, actions: [{ action: GovAction.OracleSet, target: 0 }, { action: GovAction.JobParam, target: 0 }] });
    expectError(w.chain.send([reordered], [caller]), "InvalidTarget");
    // io_jobs' config substituted by io_oracle's (and the program by io_jobs' own id kept).
    const substituted = valid();
    substituted.keys[5] = { ...substituted.keys[5], pubkey: oracleConfigKey()[0] };
    expectError(w.chain.send([substituted], [caller]), "InvalidTarget");
    // The price feed substituted by a stranger's account.
    const feed = valid();
    feed.keys[8] = { ...feed.keys[8], pubkey: Keypair.generate().publicKey };
    expectError(w.chain.send([feed], [caller]), "InvalidTarget");
    // The last action's accounts missing, or one account too many.
    const missing = valid();
    missing.keys.splice(6);
    expectError(w.chain.send([missing], [caller]), "NotEnoughAccounts");
    const extra = valid();
    extra.keys.push({ pubkey: jobsConfigKey()[0], isSigner: false, isWritable: true });
    expectError(w.chain.send([extra], [caller]), "InvalidTarget");
    // The guardian may not execute.
    expectError(w.chain.send([executeInstruction({ caller: w.guardian.publicKey, proposal, actions: proposalActions(w.proposal(proposal)) })], [w.guardian]), "GuardianOnlyVetoes");
    expect(w.chain.snapshot(watched)).to.equal(snap);
    expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Queued");
    // The valid one executes, once.
    expectOk(w.chain.send([valid()], [caller]));
    expect(jobs(w).networkFeeBps).to.equal(900);
    expectError(w.chain.send([valid()], [caller]), "NotQueued");
  });

  describe("typed parameters of every program", () => {
    it("one proposal changes an io_staking, an io_buyback, an io_oracle parameter and governance's own quorum; the quorum applies only to later proposals", () => {
      const { w, owner, delegator } = world();
      handOverAll(w, owner, delegator);
      const [executor] = executorKey();
      expect([staking(w).admin, buyback(w).admin, oracleConfig(w).admin].map((k) => k.toBase58())).to.deep.equal([executor, executor, executor].map((k) => k.toBase58()));
      // Given an open proposal made under the current rules (quorum 10%).
      const earlier = w.propose(owner, GovAction.Param, NETWORK_FEE, new BN(600));
      expectOk(earlier.res);
      // When a proposal of four parameter actions passes.
      const [s0, b0, o0] = [staking(w), buyback(w), oracleConfig(w)];
      const actions = [
        { action: GovAction.Param, target: COOLDOWN, value: new BN(2 * 86_400) },
        { action: GovAction.Param, target: PREMIUM, value: new BN(300) },
        { action: GovAction.Param, target: STALENESS, value: new BN(120) },
        { action: GovAction.Param, target: QUORUM, value: new BN(2_000) },
      ];
      const { res, proposal } = w.proposeAll(owner, actions);
      expectOk(res);
      // Then each action's diff (the value in force when proposed) is on chain.
      expect(proposalActions(w.proposal(proposal)).map((a) => a.oldValue.toNumber())).to.deep.equal([s0.cooldown, b0.premiumBps, o0.staleness, GOV_PARAMS.quorumBps]);
      passAndWait(w, proposal, [owner, delegator]);
      expectOk(w.execute(proposal));
      // Then every parameter changed, and nothing else in those configs.
      const [s1, b1, o1] = [staking(w), buyback(w), oracleConfig(w)];
      expect([s1.cooldown, b1.premiumBps, o1.staleness, w.config().quorumBps]).to.deep.equal([2 * 86_400, 300, 120, 2_000]);
      expect({ ...s1, cooldown: 0 }).to.deep.equal({ ...s0, cooldown: 0 });
      expect({ ...b1, premiumBps: 0 }).to.deep.equal({ ...b0, premiumBps: 0 });
      expect({ ...o1, staleness: 0 }).to.deep.equal({ ...o0, staleness: 0 });
      // And the quorum applies to proposals made from now on, never to the open one.
      expect(w.proposal(earlier.proposal).quorumBps).to.equal(GOV_PARAMS.quorumBps);
      const later = w.propose(owner, GovAction.Param, NETWORK_FEE, new BN(650));
      expectOk(later.res);
      expect(w.proposal(later.proposal).quorumBps).to.equal(2_000);
      // And io_staking's old admin key can no longer set its parameters.
      const snap = w.chain.snapshot([stakingConfigKey()[0]]);
      expectError(w.chain.send([setStakingParamsInstruction({ admin: w.admin.publicKey, ...STAKING_PARAMS })], [w.admin]), "Unauthorized");
      expect(w.chain.snapshot([stakingConfigKey()[0]])).to.equal(snap);
    });

    it("governance sets io_staking's priority tiers through set_priority_tiers (setter 10): one changed, the other two kept as in force; above the cap refused at proposal, a falling table at execution", () => {
      const { w, owner, delegator } = world();
      // Given io_staking handed over with the thresholds 1,000 / 10,000 / 100,000 IO (set by the admin before)
      w.staking.jobs.send([setPriorityTiersInstruction({ admin: w.admin.publicKey, tiersIo: [1_000, 10_000, 100_000] })], [w.admin]);
      handOverAll(w, owner, delegator);
      const before = staking(w);
      const param = (target: number, value: number): ActionSpec => ({ action: GovAction.Param, target, value: new BN(value) });
      // When a proposal sets tier 2 from 5,000 IO (id 105); 800,000,001 IO is refused when proposed
      expectError(w.proposeAll(owner, [param(PRIORITY_TIER2, 800_000_001)]).res, "ParamOutOfBounds");
      const { res, proposal } = w.proposeAll(owner, [param(PRIORITY_TIER2, 5_000)]);
      expectOk(res);
      expect(proposalActions(w.proposal(proposal)).map((a) => [a.target, a.value.toNumber(), a.oldValue.toNumber()])).to.deep.equal([[PRIORITY_TIER2, 5_000, 10_000]]);
      passAndWait(w, proposal, [owner, delegator]);
      expectOk(w.execute(proposal));
      // Then tier 2 applies from 5,000 IO, and the rest of the config is as it was
      const after = staking(w);
      expect(after.priorityIo).to.deep.equal([1_000, 5_000, 100_000]);
      expect({ ...after, priorityIo: [] }).to.deep.equal({ ...before, priorityIo: [] });
      // And a tier 2 below tier 1 passes the per-parameter bounds but the setter refuses it at execution
      const falling = w.proposeAll(owner, [param(PRIORITY_TIER2, 500)]);
      expectOk(falling.res);
      passAndWait(w, falling.proposal, [owner, delegator]);
      expectError(w.execute(falling.proposal), "InvalidPriorityTiers");
      expect(staking(w).priorityIo).to.deep.equal([1_000, 5_000, 100_000]);
      // And the old admin can no longer set them
      expectError(w.chain.send([setPriorityTiersInstruction({ admin: w.admin.publicKey, tiersIo: [1, 2, 3] })], [w.admin]), "Unauthorized");
    });

    it("governance sets io_staking's usage rewards through set_usage_params (setter 11): one term changed, the other kept as in force; past either bound refused at proposal", () => {
      const { w, owner, delegator } = world();
      // Given io_staking handed over with usage at 10% and a cap of 5e8 (set by the admin before)
      w.staking.jobs.send([setUsageParamsInstruction({ admin: w.admin.publicKey, usageBps: 1_000, maxUsageRate: new BN(500_000_000) })], [w.admin]);
      handOverAll(w, owner, delegator);
      const before = staking(w);
      const param = (target: number, value: number | BN): ActionSpec => ({ action: GovAction.Param, target, value: new BN(value) });
      // When a proposal sets usage_bps to 2,500 (id 108); 3,001 bps and a cap above 1e9 are refused when proposed
      expectError(w.proposeAll(owner, [param(USAGE_BPS, 3_001)]).res, "ParamOutOfBounds");
      expectError(w.proposeAll(owner, [param(MAX_USAGE_RATE_ID, new BN("1000000001"))]).res, "ParamOutOfBounds");
      const { res, proposal } = w.proposeAll(owner, [param(USAGE_BPS, 2_500)]);
      expectOk(res);
      expect(proposalActions(w.proposal(proposal)).map((a) => [a.target, a.value.toNumber(), a.oldValue.toNumber()])).to.deep.equal([[USAGE_BPS, 2_500, 1_000]]);
      passAndWait(w, proposal, [owner, delegator]);
      expectOk(w.execute(proposal));
      // Then usage takes 25% of the compute pool, the cap is kept, and the rest of the config is as it was
      const after = staking(w);
      expect([after.usageBps, after.maxUsageRate.toString()]).to.deep.equal([2_500, "500000000"]);
      expect({ ...after, usageBps: 0 }).to.deep.equal({ ...before, usageBps: 0 });
      // And the cap moves alone through id 109
      const cap = w.proposeAll(owner, [param(MAX_USAGE_RATE_ID, new BN("1000000000"))]);
      expectOk(cap.res);
      passAndWait(w, cap.proposal, [owner, delegator]);
      expectOk(w.execute(cap.proposal));
      expect([staking(w).usageBps, staking(w).maxUsageRate.toString()]).to.deep.equal([2_500, "1000000000"]);
      // And the old admin can no longer set them
      expectError(w.chain.send([setUsageParamsInstruction({ admin: w.admin.publicKey, usageBps: 0, maxUsageRate: new BN(0) })], [w.admin]), "Unauthorized");
    });

    it("refuses out-of-bound values of every program, unknown ids and another program's config; a rule tying two parameters fails at execution and leaves the proposal queued", () => {
      const { w, owner, delegator } = world();
      handOverAll(w, owner, delegator);
      const before = w.chain.snapshot([governanceConfigKey()[0]]);
      const param = (target: number, value: number | BN): ActionSpec => ({ action: GovAction.Param, target, value: new BN(value) });
      for (const [target, value] of [
        [AVAILABILITY, 10_001],
        [MULTIPLIER, 10_999],
        [THRESHOLD, 4_999],
        [QUORUM, 0],
        [67, 0], // governance's timelock: initialize refuses 0, so does a proposal
        [STALENESS, 0],
      ]) {
        const q = govParam(target)!;
        expect(new BN(value).lt(q.min) || new BN(value).gt(q.max), `${q.name} ${value}`).to.equal(true);
        expectError(w.proposeAll(owner, [job(NETWORK_FEE, 700), param(target, value)]).res, "ParamOutOfBounds");
      }
      expectError(w.proposeAll(owner, [param(9, 1)]).res, "InvalidAction");
      expectError(w.proposeAll(owner, [param(27, 1)]).res, "InvalidAction");
      // An io_staking parameter with io_jobs' config as its target account.
      const index = w.config().proposalCount;
      const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions: [param(COOLDOWN, 86_400)] });
      ix.keys[ix.keys.length - 1] = { ...ix.keys[ix.keys.length - 1], pubkey: jobsConfigKey()[0] };
      expectError(w.chain.send([ix], [owner.wallet]), "InvalidTarget");
      expect(w.chain.snapshot([governanceConfigKey()[0]])).to.equal(before);
      // min_share_bps 100% is within its own bounds but above max_share_bps (3%): io_staking refuses at execution.
      const { res, proposal } = w.proposeAll(owner, [param(COOLDOWN, 86_400), param(MIN_SHARE, 10_000)]);
      expectOk(res);
      passAndWait(w, proposal, [owner, delegator]);
      const snap = w.chain.snapshot([proposal, stakingConfigKey()[0]]);
      const failed = w.execute(proposal);
      expect(failed.ok).to.equal(false);
      expect(w.chain.snapshot([proposal, stakingConfigKey()[0]])).to.equal(snap);
      expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Queued");
      // Executing with io_buyback's program and config in place of io_staking's is refused by name.
      const swapped = executeInstruction({ caller: w.chain.payer.publicKey, proposal, actions: [{ action: GovAction.Param, target: PREMIUM }, { action: GovAction.Param, target: PREMIUM }] });
      expectError(w.chain.send([swapped], [w.chain.payer]), "InvalidTarget");
    });
  });

  describe("spends, guardians and hand-overs away", () => {
    const USD = new BN(1_000_000);
    /** io_buyback handed over (handOverAll) and 500 USDC in its incentives vault. */
    function funded(): { w: GovWorld; owner: Voter; delegator: Voter } {
      const x = world();
      handOverAll(x.w, x.owner, x.delegator);
      const { chain } = x.w;
      expectOk(chain.send([createMintToInstruction(x.w.staking.jobs.usdcMint, incentivesVaultKey()[0], chain.payer.publicKey, BigInt(USD.muln(500).toString()))], [chain.payer]));
      return x;
    }
    const usdcAccount = (w: GovWorld, owner = Keypair.generate().publicKey) => w.staking.jobs.tokenAccount(owner, Currency.Usdc);
    const balance = (w: GovWorld, account: PublicKey) => w.staking.jobs.balance(account);

    it("a spend pays USDC from the incentives vault to the destination named in the proposal", () => {
      const { w, owner, delegator } = funded();
      const dest = usdcAccount(w);
      const [vault] = incentivesVaultKey();
      const spentBefore = buyback(w).incentivesSpent;
      // Given a proposal paying 120 USDC to `dest`.
      const { res, proposal } = w.proposeAll(owner, [spendAction(USD.muln(120), dest)]);
      expectOk(res);
      const stored = proposalActions(w.proposal(proposal))[0];
      expect([stored.action, stored.value.toString(), stored.key.toBase58()]).to.deep.equal([GovAction.Spend, USD.muln(120).toString(), dest.toBase58()]);
      passAndWait(w, proposal, [owner, delegator]);
      // When it is executed.
      const vaultBefore = balance(w, vault);
      const executed = expectOk(w.execute(proposal));
      console.log(`      execute (one spend): ${executed.computeUnits} CU`);
      // Then 120 USDC moved from the vault to `dest`, and io_buyback counts it spent.
      expect(balance(w, dest).toString()).to.equal(USD.muln(120).toString());
      expect(vaultBefore.sub(balance(w, vault)).toString()).to.equal(USD.muln(120).toString());
      expect(buyback(w).incentivesSpent.sub(spentBefore).toString()).to.equal(USD.muln(120).toString());
      expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Executed");
    });

    it("refuses a spend at proposal time: no destination, a destination not the key, not USDC, io_buyback's own vault, a zero amount", () => {
      const { w, owner } = funded();
      const snap = () => w.chain.snapshot([governanceConfigKey()[0], proposalKey(w.config().proposalCount)[0]]);
      const before = snap();
      const dest = usdcAccount(w);
      const index = w.config().proposalCount;
      const build = (actions: ActionSpec[]) => proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions });
      // The destination account missing.
      const missing = build([spendAction(USD, dest)]);
      missing.keys.pop();
      expectError(w.chain.send([missing], [owner.wallet]), "NotEnoughAccounts");
      // Another USDC account given in place of the key's.
      const swapped = build([spendAction(USD, dest)]);
      swapped.keys[swapped.keys.length - 1] = { ...swapped.keys[swapped.keys.length - 1], pubkey: usdcAccount(w) };
      expectError(w.chain.send([swapped], [owner.wallet]), "WrongDestination");
      // An IO account (another mint), io_buyback's incentives and USDC vaults, a wallet (not a token account).
      for (const bad of [w.staking.jobs.tokenAccount(Keypair.generate().publicKey, Currency.Io), incentivesVaultKey()[0], buybackUsdcVaultKey()[0], owner.wallet.publicKey]) {
        expectError(w.proposeAll(owner, [spendAction(USD, bad)]).res, "InvalidDestination");
      }
      expectError(w.proposeAll(owner, [spendAction(new BN(0), dest)]).res, "InvalidAction");
      expectError(w.proposeAll(owner, [{ action: GovAction.Spend, target: 0, value: USD }]).res, "InvalidAction");
      // io_jobs' config in place of io_buyback's.
      const wrongConfig = build([spendAction(USD, dest)]);
      wrongConfig.keys[PROPOSE_FIXED_ACCOUNTS] = { ...wrongConfig.keys[PROPOSE_FIXED_ACCOUNTS], pubkey: jobsConfigKey()[0] };
      expectError(w.chain.send([wrongConfig], [owner.wallet]), "InvalidTarget");
      expect(snap()).to.equal(before);
    });

    it("refuses a spend at execution: destination substituted, wrong vault, wrong mint; more than the vault holds fails and stays queued", () => {
      const { w, owner, delegator } = funded();
      const dest = usdcAccount(w);
      const { res, proposal } = w.proposeAll(owner, [{ action: GovAction.Param, target: PREMIUM, value: new BN(300) }, spendAction(USD.muln(100), dest)]);
      expectOk(res);
      passAndWait(w, proposal, [owner, delegator]);
      const caller = w.chain.payer;
      const valid = () => executeInstruction({ caller: caller.publicKey, proposal, actions: proposalActions(w.proposal(proposal)), usdcMint: w.staking.jobs.usdcMint });
      const watched = [proposal, buybackConfigKey()[0], incentivesVaultKey()[0], dest];
      const snap = w.chain.snapshot(watched);
      // Accounts of the spend: 4 execute + 2 (the parameter's) + program, config, vault, mint, destination, authority, token program.
      const at = { vault: 8, mint: 9, destination: 10 };
      const other = usdcAccount(w);
      const substituted = valid();
      substituted.keys[at.destination] = { ...substituted.keys[at.destination], pubkey: other };
      expectError(w.chain.send([substituted], [caller]), "WrongDestination");
      const wrongVault = valid();
      wrongVault.keys[at.vault] = { ...wrongVault.keys[at.vault], pubkey: buybackUsdcVaultKey()[0] };
      expectError(w.chain.send([wrongVault], [caller]), "InvalidTarget");
      const wrongMint = valid();
      wrongMint.keys[at.mint] = { ...wrongMint.keys[at.mint], pubkey: Keypair.generate().publicKey };
      expectError(w.chain.send([wrongMint], [caller]), "InvalidTarget");
      expect(w.chain.snapshot(watched)).to.equal(snap);
      expect(balance(w, other).isZero()).to.equal(true);
      expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Queued");
      expectOk(w.chain.send([valid()], [caller]));
      expect([buyback(w).premiumBps, balance(w, dest).toString()]).to.deep.equal([300, USD.muln(100).toString()]);

      // A spend above the vault's balance passes the vote but io_buyback refuses it: nothing moves, still queued.
      const big = w.proposeAll(owner, [spendAction(USD.muln(10_000), dest)]);
      expectOk(big.res);
      passAndWait(w, big.proposal, [owner, delegator]);
      const snap2 = w.chain.snapshot([big.proposal, incentivesVaultKey()[0], dest]);
      expect(w.execute(big.proposal).ok).to.equal(false);
      expect(w.chain.snapshot([big.proposal, incentivesVaultKey()[0], dest])).to.equal(snap2);
      expect(proposalStatus(w.proposal(big.proposal), now(w))).to.equal("Queued");
    });

    it("one proposal replaces both guardians: the old guardian cannot veto it; the new one pauses the buyback and vetoes, the old one cannot", () => {
      const { w, owner, delegator } = funded();
      const next = w.staking.jobs.funded(Keypair.generate());
      // Given a proposal replacing io_buyback's and io_governance's guardian, queued.
      const { res, proposal } = w.proposeAll(owner, [guardianAction(GuardianTarget.Buyback, next.publicKey), guardianAction(GuardianTarget.Governance, next.publicKey)]);
      expectOk(res);
      for (const v of [owner, delegator]) expectOk(w.vote(v, proposal, 1));
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expectOk(w.queue(proposal));
      // When the guardian vetoes its own replacement during the timelock, it is refused and nothing changes.
      const snap = w.chain.snapshot([proposal, governanceConfigKey()[0]]);
      expectError(w.chain.send([vetoInstruction({ guardian: w.guardian.publicKey, proposal })], [w.guardian]), "GuardianCannotVetoReplacement");
      expect(w.chain.snapshot([proposal, governanceConfigKey()[0]])).to.equal(snap);
      w.chain.warp(GOV_PARAMS.timelock);
      const executed = expectOk(w.execute(proposal));
      console.log(`      execute (both guardians): ${executed.computeUnits} CU`);
      // Then both guardians are the new key.
      expect([w.config().guardian.toBase58(), buyback(w).guardian.toBase58()]).to.deep.equal([next.publicKey.toBase58(), next.publicKey.toBase58()]);
      // And the new guardian pauses the buyback and vetoes an ordinary queued proposal; the old one cannot.
      expectOk(w.chain.send([pauseBuybackInstruction({ caller: next.publicKey })], [next]));
      expect(buyback(w).paused).to.equal(true);
      const later = w.propose(owner, GovAction.Param, NETWORK_FEE, new BN(600));
      expectOk(later.res);
      for (const v of [owner, delegator]) expectOk(w.vote(v, later.proposal, 1));
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expectOk(w.queue(later.proposal));
      expectError(w.chain.send([vetoInstruction({ guardian: w.guardian.publicKey, proposal: later.proposal })], [w.guardian]), "Unauthorized");
      expectOk(w.chain.send([vetoInstruction({ guardian: next.publicKey, proposal: later.proposal })], [next]));
      expect(proposalStatus(w.proposal(later.proposal), now(w))).to.equal("Vetoed");
    });

    it("a governance-guardian replacement carries guardian actions only; a zero key or a wrong config is refused; replacing io_buyback's guardian alone stays vetoable", () => {
      const { w, owner, delegator } = funded();
      const before = w.chain.snapshot([governanceConfigKey()[0]]);
      const key = Keypair.generate().publicKey;
      // Bundled with a spend or a parameter, the unvetoable replacement would shield them.
      expectError(w.proposeAll(owner, [guardianAction(GuardianTarget.Governance, key), spendAction(USD, usdcAccount(w))]).res, "GuardianActionNotAlone");
      expectError(w.proposeAll(owner, [job(NETWORK_FEE, 600), guardianAction(GuardianTarget.Governance, key)]).res, "GuardianActionNotAlone");
      expectError(w.proposeAll(owner, [guardianAction(GuardianTarget.Governance, PublicKey.default)]).res, "InvalidAction");
      expectError(w.proposeAll(owner, [{ ...guardianAction(GuardianTarget.Governance, key), target: 2 }]).res, "InvalidAction");
      const index = w.config().proposalCount;
      const ix = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index, actions: [guardianAction(GuardianTarget.Buyback, key)] });
      ix.keys[ix.keys.length - 1] = { ...ix.keys[ix.keys.length - 1], pubkey: governanceConfigKey()[0] };
      expectError(w.chain.send([ix], [owner.wallet]), "InvalidTarget");
      expect(w.chain.snapshot([governanceConfigKey()[0]])).to.equal(before);
      // io_buyback's guardian alone: the governance guardian may still veto it.
      const { res, proposal } = w.proposeAll(owner, [guardianAction(GuardianTarget.Buyback, key), job(NETWORK_FEE, 600)]);
      expectOk(res);
      for (const v of [owner, delegator]) expectOk(w.vote(v, proposal, 1));
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expectOk(w.queue(proposal));
      expectOk(w.chain.send([vetoInstruction({ guardian: w.guardian.publicKey, proposal })], [w.guardian]));
    });

    it("a hand-over away: the executor proposes a new io_jobs admin, who accepts; the executor's powers end there", () => {
      const { w, owner, delegator } = world();
      handOver(w, owner, delegator);
      const successor = w.staking.jobs.funded(Keypair.generate());
      expectError(w.proposeAll(owner, [proposeAdminAction(JOBS, PublicKey.default)]).res, "InvalidAction");
      // Target 7 is no program: the packed action's target byte (data offset 8 + 8 + 4 + 1) rewritten.
      const unknown = proposeInstruction({ proposer: owner.wallet.publicKey, position: owner.position, index: w.config().proposalCount, actions: [proposeAdminAction(JOBS, successor.publicKey)] });
      unknown.data[21] = 7;
      expectError(w.chain.send([unknown], [owner.wallet]), "InvalidAction");
      const { res, proposal } = w.proposeAll(owner, [proposeAdminAction(JOBS, successor.publicKey)]);
      expectOk(res);
      passAndWait(w, proposal, [owner, delegator]);
      // Substituting io_oracle's accounts is refused by name.
      const swapped = executeInstruction({ caller: w.chain.payer.publicKey, proposal, actions: [proposeAdminAction(ORACLE, successor.publicKey)] });
      expectError(w.chain.send([swapped], [w.chain.payer]), "InvalidTarget");
      const executed = expectOk(w.execute(proposal));
      console.log(`      execute (propose admin): ${executed.computeUnits} CU`);
      expect(jobs(w).pendingAdmin.toBase58()).to.equal(successor.publicKey.toBase58());
      expect(jobs(w).admin.toBase58()).to.equal(executorKey()[0].toBase58());
      expectOk(w.chain.send([acceptJobsAdminInstruction({ newAdmin: successor.publicKey })], [successor]));
      expect(jobs(w).admin.toBase58()).to.equal(successor.publicKey.toBase58());
      // A later parameter proposal for io_jobs fails inside io_jobs (the executor is no longer its admin) and stays queued.
      const after = w.propose(owner, GovAction.Param, NETWORK_FEE, new BN(600));
      expectOk(after.res);
      passAndWait(w, after.proposal, [owner, delegator]);
      expect(w.execute(after.proposal).ok).to.equal(false);
      expect(proposalStatus(w.proposal(after.proposal), now(w))).to.equal("Queued");
    });
  });
});
