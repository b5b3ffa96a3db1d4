/**
 * Issue 15's multi-action proposals and typed parameter table, reviewed as an attacker (second
 * review): each finding is a test on the real .so files that failed before its fix (see the
 * commit history of this file). Given / When / Then in each test; refusals assert the error and
 * that state did not change.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  acceptGovernanceAdminInstruction,
  ActionSpec,
  decodeJobsConfig,
  decodeOracleConfig,
  executeInstruction,
  oracleConfigKey,
  proposalActions,
  proposeOracleAdminInstruction,
  decodeStakingConfig,
  jobsConfigKey,
  proposeJobsAdminInstruction,
  executorKey,
  GovAction,
  proposalKey,
  proposeStakingAdminInstruction,
  stakingConfigKey,
} from "../sdk/src";
import { signedWire } from "../cli/chain/wire";
import { expectError, expectOk } from "./harness";
import { IO } from "./jobs-world";
import { GovWorld, GOV_PARAMS, Voter } from "./governance-world";

const ORACLE = 1;
const JOBS = 2;
const COOLDOWN = 22;
const QUORUM = 65;
/** Solana's packet limit for one transaction. */
const PACKET = 1_232;
const STAKING = 3;
const NETWORK_FEE = 0;
/** Parameter ids (io_common::governance::param): io_staking's set_slashing. */
const SLASH_BPS = 24;
const SLASH_WINDOW = 25;
/** Where StakingConfig keeps slash_bps (u16) and slash_window (u32): the table's offsets. */
const SLASH_BPS_AT = 202;
const SLASH_WINDOW_AT = 204;

const param = (target: number, value: number): ActionSpec => ({ action: GovAction.Param, target, value: new BN(value) });
const accept = (target: number): ActionSpec => ({ action: GovAction.AcceptAdmin, target, value: new BN(0) });
const jobs = (w: GovWorld) => decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
const staking = (w: GovWorld) => decodeStakingConfig(w.chain.account(stakingConfigKey()[0])!);

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

/** io_staking's admin role handed to the executor by a proposal. */
function handOverStaking(w: GovWorld, owner: Voter, delegator: Voter): void {
  w.staking.jobs.send([proposeStakingAdminInstruction({ admin: w.admin.publicKey, newAdmin: executorKey()[0] })], [w.admin]);
  const { res, proposal } = w.proposeAll(owner, [accept(STAKING)]);
  expectOk(res);
  passAndWait(w, proposal, [owner, delegator]);
  expectOk(w.execute(proposal));
}

/**
 * io_staking's config as its `initialize` leaves it: it never writes slash_bps and slash_window
 * (only genesis' separate set_slashing does; migrations/deploy.ts does not), so both are 0 and
 * slash_window is below set_slashing's bound (above 0).
 */
function unsetSlashing(w: GovWorld): void {
  const key = stakingConfigKey()[0];
  const info = w.chain.account(key)!;
  const data = Buffer.from(info.data);
  data.writeUInt16LE(0, SLASH_BPS_AT);
  data.writeUInt32LE(0, SLASH_WINDOW_AT);
  w.chain.setAccount(key, { data, owner: info.owner, lamports: BigInt(info.lamports) });
  const c = staking(w);
  expect([c.slashBps, c.slashWindow]).to.deep.equal([0, 0]);
}

describe("review of issue 15's actions and parameter table (governance as an attacker)", () => {
  it("a parameter action is refused at proposal time when the setter would receive another parameter in force outside its bounds, unless an earlier action sets it", () => {
    // Given io_staking handed over, its slash_window never set (0: set_slashing refuses it).
    const { w, owner, delegator } = world();
    handOverStaking(w, owner, delegator);
    unsetSlashing(w);
    const count = w.config().proposalCount;
    // When a holder proposes slash_bps 5% alone, or before the slash_window that would fix it.
    // Then it is refused now (execute rebuilds set_slashing's arguments from the config, so once
    // voted it could never execute): no proposal, the count unchanged.
    for (const actions of [[param(SLASH_BPS, 500)], [param(SLASH_BPS, 500), param(SLASH_WINDOW, 86_400)]]) {
      const { res, proposal } = w.proposeAll(owner, actions);
      expectError(res, "ParamOutOfBounds");
      expect(w.chain.account(proposal)).to.equal(null);
      expect(w.config().proposalCount.toString()).to.equal(count.toString());
    }
    // When the slash_window comes first, the proposal is accepted, passes and executes.
    const { res, proposal } = w.proposeAll(owner, [param(SLASH_WINDOW, 86_400), param(SLASH_BPS, 500)]);
    expectOk(res);
    expect(proposal.toBase58()).to.equal(proposalKey(count)[0].toBase58());
    passAndWait(w, proposal, [owner, delegator]);
    expectOk(w.execute(proposal));
    const c = staking(w);
    expect([c.slashWindow, c.slashBps]).to.deep.equal([86_400, 500]);
  });

  it("a voted hand-over completed meanwhile by anyone's accept_admin (no vote) does not make the proposal's other actions unexecutable", () => {
    // Given io_jobs' admin proposing the executor, and a proposal that accepts io_jobs' admin role
    // and then raises the network fee to 7%, voted, queued and past its timelock.
    const { w, owner, delegator } = world();
    const [executor] = executorKey();
    w.staking.jobs.send([proposeJobsAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
    const { res, proposal } = w.proposeAll(owner, [accept(JOBS), param(NETWORK_FEE, 700)]);
    expectOk(res);
    passAndWait(w, proposal, [owner, delegator]);
    // When anyone completes the hand-over first, with io_governance's accept_admin (no vote).
    const griefer = w.staking.jobs.funded(Keypair.generate());
    expectOk(w.chain.send([acceptGovernanceAdminInstruction({ target: JOBS })], [griefer]));
    expect(jobs(w).admin.toBase58()).to.equal(executor.toBase58());
    // Then the proposal still executes: the executor is the admin already, the fee is 7%.
    expectOk(w.execute(proposal));
    expect(jobs(w).networkFeeBps).to.equal(700);
    expect(w.proposal(proposal).state).to.equal(2);
    // And a second execute is refused (NotQueued).
    expectError(w.execute(proposal), "NotQueued");
  });

  it("the heaviest execute (an oracle set of 10, three parameters of three programs) fits one transaction (measured)", () => {
    // Given io_jobs', io_oracle's and io_staking's admin roles handed over by one proposal.
    const { w, owner, delegator } = world();
    const [executor] = executorKey();
    w.staking.jobs.send([proposeJobsAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
    w.staking.jobs.send([proposeOracleAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
    w.staking.jobs.send([proposeStakingAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
    const handover = w.proposeAll(owner, [accept(JOBS), accept(ORACLE), accept(STAKING)]);
    expectOk(handover.res);
    passAndWait(w, handover.proposal, [owner, delegator]);
    expectOk(w.execute(handover.proposal));
    // When a proposal of four actions passes: a 10-member oracle set (quorum 6), io_staking's
    // cooldown, io_jobs' network fee and io_governance's own quorum.
    const members = Array.from({ length: 10 }, () => Keypair.generate().publicKey);
    const actions = [{ action: GovAction.OracleSet, target: 0, value: new BN(6) }, param(COOLDOWN, 3 * 86_400), param(NETWORK_FEE, 700), param(QUORUM, 2_000)];
    const { res, proposal } = w.proposeAll(owner, actions, members);
    const proposed = expectOk(res);
    passAndWait(w, proposal, [owner, delegator]);
    const ix = executeInstruction({ caller: w.chain.payer.publicKey, proposal, actions: proposalActions(w.proposal(proposal)) });
    const bytes = signedWire([ix], [w.chain.payer], w.chain.svm.latestBlockhash()).length;
    const executed = expectOk(w.chain.send([ix], [w.chain.payer]));
    console.log(`      propose ${proposed.computeUnits} CU; execute: ${ix.keys.length} accounts, ${bytes} bytes, ${executed.computeUnits} CU (limit ${PACKET} bytes)`);
    // Then it fits, and every action applied.
    expect(bytes).to.be.at.most(PACKET);
    const oracle = decodeOracleConfig(w.chain.account(oracleConfigKey()[0])!);
    expect([oracle.quorum, oracle.memberCount]).to.deep.equal([6, 10]);
    expect(oracle.members.slice(0, 10).map((m) => m.toBase58())).to.deep.equal(members.map((m) => m.toBase58()));
    expect(staking(w).cooldown).to.equal(3 * 86_400);
    expect(jobs(w).networkFeeBps).to.equal(700);
    expect(w.config().quorumBps).to.equal(2_000);
  });
});
