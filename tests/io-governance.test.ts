/**
 * io_governance and io_staking's voting power on the real .so files: the full lifecycle that
 * hands io_jobs' admin to the executor and changes the network fee (and the same for the oracle
 * set), then the attacks: flash stake, the same stake twice (two positions, two wallets),
 * retroactive quorum, stuck execution, timelock and grace edges, a defeated proposal, bounds,
 * and a guardian trying more than a veto. Refusals assert the error and unchanged state.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  decodeJobsConfig,
  decodeOracleConfig,
  decodeVoteRecord,
  executorKey,
  GovAction,
  governanceConfigKey,
  jobsConfigKey,
  oracleConfigKey,
  parseIoGovernanceEvents,
  proposalStatus,
  proposeJobsAdminInstruction,
  proposeOracleAdminInstruction,
  setJobParamsInstruction,
  DEFAULT_JOBS_PARAMS,
  unstakeInstruction,
  vetoInstruction,
  VoteChoice,
  voteRecordKey,
  withdrawInstruction,
  cancelInstruction,
  executeSlashInstruction,
  voteSlashInstruction,
  votingPowerOf,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { IO } from "./jobs-world";
import { DAY } from "./staking-world";
import { GovWorld, GOV_PARAMS, Voter } from "./governance-world";

const now = (w: GovWorld) => Number(w.chain.now());

const NETWORK_FEE = 0;
const JOBS = 2;
const ORACLE = 1;

/** Given a world where nodeA's owner (1,000 IO own) and a delegator (600 IO) staked in epoch 0, and epoch 1 is open. */
function world(): { w: GovWorld; owner: Voter; delegator: Voter } {
  const w = new GovWorld();
  const owner = w.ownerVoter();
  const delegator = w.delegator(IO.muln(600));
  expectOk(w.staking.closeEpoch());
  return { w, owner, delegator };
}

/** Passes `proposal` with both voters and queues it; returns the queue result. */
function pass(w: GovWorld, proposal: PublicKey, voters: Voter[]) {
  for (const v of voters) expectOk(w.vote(v, proposal, VoteChoice.Yes));
  w.chain.warp(GOV_PARAMS.votingPeriod);
  return expectOk(w.queue(proposal));
}

describe("io_governance", () => {
  it("hands io_jobs' admin to the executor and changes the network fee; the old admin can do nothing after", () => {
    const { w, owner, delegator } = world();
    const [executor] = executorKey();
    // Given the admin proposed the executor as io_jobs' admin (step one of the hand-over).
    w.staking.jobs.send([proposeJobsAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
    // When holders pass a proposal accepting it.
    const accept = w.propose(owner, GovAction.AcceptAdmin, JOBS, new BN(0));
    expectOk(accept.res);
    const p0 = w.proposal(accept.proposal);
    // The snapshot is epoch 1's start: 1,000 own + 600 delegated (staked in epoch 0).
    expect(p0.snapshotEpoch).to.equal(1);
    expect(p0.eligible.toString()).to.equal(IO.muln(1_600).toString());
    pass(w, accept.proposal, [owner, delegator]);
    // Execution before the timelock is refused, nothing changes.
    const before = w.chain.snapshot([accept.proposal, jobsConfigKey()[0]]);
    expectError(w.execute(accept.proposal), "TimelockActive");
    expect(w.chain.snapshot([accept.proposal, jobsConfigKey()[0]])).to.equal(before);
    w.chain.warp(GOV_PARAMS.timelock);
    const executed = expectOk(w.execute(accept.proposal));
    expect(parseIoGovernanceEvents(executed.logs).map((e) => e.name)).to.include("proposalExecuted");
    expect(decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!).admin.toBase58()).to.equal(executor.toBase58());
    expect(proposalStatus(w.proposal(accept.proposal), now(w))).to.equal("Executed");
    // Then a proposal changes the network fee from 5% to 7%, and only that parameter.
    const fee = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(700));
    expectOk(fee.res);
    const p1 = w.proposal(fee.proposal);
    expect(p1.oldValue.toNumber()).to.equal(DEFAULT_JOBS_PARAMS.networkFeeBps);
    const configBefore = decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
    pass(w, fee.proposal, [owner, delegator]);
    w.chain.warp(GOV_PARAMS.timelock);
    expectOk(w.execute(fee.proposal));
    const configAfter = decodeJobsConfig(w.chain.account(jobsConfigKey()[0])!);
    expect(configAfter.networkFeeBps).to.equal(700);
    expect({ ...configAfter, networkFeeBps: 0 }).to.deep.equal({ ...configBefore, networkFeeBps: 0 });
    // And the old admin key's power fails.
    const old = w.chain.snapshot([jobsConfigKey()[0]]);
    expectError(w.chain.send([setJobParamsInstruction({ admin: w.admin.publicKey, ...DEFAULT_JOBS_PARAMS, networkFeeBps: 0 })], [w.admin]), "Unauthorized");
    expectError(w.chain.send([proposeJobsAdminInstruction({ admin: w.admin.publicKey, newAdmin: w.admin.publicKey })], [w.admin]), "Unauthorized");
    expect(w.chain.snapshot([jobsConfigKey()[0]])).to.equal(old);
    // An executed proposal cannot run again.
    expectError(w.execute(fee.proposal), "NotQueued");
  });

  it("moves the oracle set through governance after io_oracle's hand-over", () => {
    const { w, owner, delegator } = world();
    const [executor] = executorKey();
    w.staking.jobs.send([proposeOracleAdminInstruction({ admin: w.admin.publicKey, newAdmin: executor })], [w.admin]);
    const accept = w.propose(owner, GovAction.AcceptAdmin, ORACLE, new BN(0));
    expectOk(accept.res);
    pass(w, accept.proposal, [owner, delegator]);
    w.chain.warp(GOV_PARAMS.timelock);
    expectOk(w.execute(accept.proposal));
    const members = [Keypair.generate(), Keypair.generate(), Keypair.generate()].map((k) => k.publicKey);
    const set = w.propose(owner, GovAction.OracleSet, 0, new BN(2), members);
    expectOk(set.res);
    pass(w, set.proposal, [owner, delegator]);
    w.chain.warp(GOV_PARAMS.timelock);
    const versionBefore = decodeOracleConfig(w.chain.account(oracleConfigKey()[0])!).setVersion;
    expectOk(w.execute(set.proposal));
    const oracle = decodeOracleConfig(w.chain.account(oracleConfigKey()[0])!);
    expect(oracle.members.map((m) => m.toBase58())).to.deep.equal(members.map((m) => m.toBase58()));
    expect(oracle.quorum).to.equal(2);
    expect(oracle.setVersion).to.equal(versionBefore + 1);
    expect(oracle.admin.toBase58()).to.equal(executor.toBase58());
  });

  describe("voting power", () => {
    it("flash stake: stake added after the proposal's start epoch does not vote, in a fresh or an existing position", () => {
      const { w, owner } = world();
      const { proposal, res } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      expectOk(res);
      // A whale stakes 1,000,000 IO of its own to a new node right after the proposal (active at once).
      const whaleNode = w.staking.node("whale", 200, IO.muln(1_000_000));
      const whale = w.ownerVoter(whaleNode);
      const watched = [proposal, whale.position, voteRecordKey(proposal, whale.position)[0]];
      const before = w.chain.snapshot(watched);
      expectError(w.vote(whale, proposal, VoteChoice.No), "NoVotingPower");
      expect(w.chain.snapshot(watched)).to.equal(before);
      // The owner adds 5,000 IO to its own position in the same epoch: it votes with the 1,000 it held.
      expectOk(w.staking.stake(owner.wallet, owner.io, owner.participant, IO.muln(5)));
      expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      const record = decodeVoteRecord(w.chain.account(voteRecordKey(proposal, owner.position)[0])!);
      expect(record.power.toString()).to.equal(IO.muln(1_000).toString());
      // The eligible total never moved with the whale's stake.
      expect(w.proposal(proposal).eligible.toString()).to.equal(IO.muln(1_600).toString());
    });

    it("a position whose stake changed in a later epoch cannot vote on an open proposal", () => {
      const { w, owner, delegator } = world();
      // Given a proposal opened 30 minutes before epoch 1 can close.
      w.chain.warp(DAY - 1_800);
      const { proposal, res } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      expectOk(res);
      // When epoch 2 opens during the vote and the delegator stakes 10 IO more.
      expectOk(w.staking.closeEpoch(1_800));
      expectOk(w.staking.stake(delegator.wallet, delegator.io, delegator.participant, IO.muln(10)));
      // Then its least stake since epoch 1's start is unknown to the O(1) rule: refused, not guessed.
      const snap = w.chain.snapshot([proposal]);
      expectError(w.vote(delegator, proposal, VoteChoice.No), "StakeChangedAfterStart");
      expect(w.chain.snapshot([proposal])).to.equal(snap);
      // A position untouched since before epoch 1 still votes with all it held.
      expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      expect(w.proposal(proposal).yes.toString()).to.equal(IO.muln(1_000).toString());
    });

    it("double vote: a position votes once; unstaked stake moved to another wallet does not vote again", () => {
      const { w, owner, delegator } = world();
      const { proposal, res } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      expectOk(res);
      expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      const before = w.chain.snapshot([proposal, owner.position]);
      expectError(w.vote(owner, proposal, VoteChoice.Yes), "AlreadyVoted");
      expect(w.chain.snapshot([proposal, owner.position])).to.equal(before);
      // The voted position is locked: no unstake until the voting can end.
      const lockEnd = w.proposal(proposal).lockEnd.toNumber();
      expect(w.staking.position(owner.participant, owner.wallet.publicKey).lockedUntil.toNumber()).to.equal(lockEnd);
      expectError(
        w.chain.send([unstakeInstruction({ staker: owner.wallet.publicKey, participant: owner.participant, lastEpoch: w.staking.lastEpoch(owner.participant), amount: IO })], [owner.wallet]),
        "PositionLocked",
      );
      // The delegator unstakes before voting (not locked), waits the cooldown, withdraws and
      // stakes the same IO from a second wallet: neither the position nor the new wallet counts it.
      expectOk(
        w.chain.send([unstakeInstruction({ staker: delegator.wallet.publicKey, participant: delegator.participant, lastEpoch: w.staking.lastEpoch(delegator.participant), amount: IO.muln(600) })], [delegator.wallet]),
      );
      expectError(w.vote(delegator, proposal, VoteChoice.Yes), "NoVotingPower");
      // The same IO, withdrawn after the cooldown and staked from a second wallet, votes on
      // neither the open proposal nor one opened in the same epoch.
      w.chain.warp(2 * DAY);
      const open = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(650));
      expectOk(open.res);
      expectOk(w.chain.send([withdrawInstruction({ staker: delegator.wallet.publicKey, participant: delegator.participant, stakerIo: delegator.io })], [delegator.wallet]));
      const second = w.staking.wallet(IO);
      expectOk(w.staking.jobs.chain.send([w.tokenTransfer(delegator, second.io, IO.muln(600))], [delegator.wallet]));
      const moved = w.stakeFrom(second, IO.muln(600));
      expectError(w.vote(moved, open.proposal, VoteChoice.Yes), "NoVotingPower");
    });

    it("the lock releases by itself when the voting can end", () => {
      const { w, owner } = world();
      const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      const lockEnd = w.proposal(proposal).lockEnd.toNumber();
      w.chain.warp(lockEnd - now(w) - 1);
      const unstake = () =>
        w.chain.send([unstakeInstruction({ staker: owner.wallet.publicKey, participant: owner.participant, lastEpoch: w.staking.lastEpoch(owner.participant), amount: IO })], [owner.wallet]);
      expectError(unstake(), "PositionLocked");
      w.chain.warp(1);
      expectOk(unstake());
    });

    it("slashing still applies to a locked position", () => {
      // Given a 3-day vote, so the position stays locked through the slash's 1-day window.
      const w = new GovWorld({ ...GOV_PARAMS, votingPeriod: 3 * DAY });
      const owner = w.ownerVoter();
      expectOk(w.staking.closeEpoch());
      const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      // When a quorum of oracles votes to slash the node and its window passes.
      for (const o of w.staking.jobs.oracles.slice(0, 2)) {
        expectOk(w.chain.send([voteSlashInstruction({ oracle: o.publicKey, participant: owner.participant, reason: 1 })], [o]));
      }
      w.chain.warp(DAY);
      const pos = w.staking.position(owner.participant, owner.wallet.publicKey);
      expect(pos.lockedUntil.toNumber()).to.be.greaterThan(now(w));
      expectOk(w.chain.send([executeSlashInstruction({ participant: owner.participant, operator: owner.wallet.publicKey })], [w.chain.payer]));
      // Then half of the locked own stake is burned, and the vote already cast stands.
      expect(w.staking.position(owner.participant, owner.wallet.publicKey).active.toString()).to.equal(IO.muln(500).toString());
      expect(w.proposal(proposal).yes.toString()).to.equal(IO.muln(1_000).toString());
    });
  });

  describe("rules", () => {
    it("retroactive quorum: the eligible total and quorum are fixed at the start; stake added later neither votes nor dilutes", () => {
      const { w, owner, delegator } = world();
      const { proposal } = w.propose(delegator, GovAction.JobParam, NETWORK_FEE, new BN(600));
      const p = w.proposal(proposal);
      expect(p.quorumBps).to.equal(GOV_PARAMS.quorumBps);
      expect(p.eligible.toString()).to.equal(IO.muln(1_600).toString());
      // 20,000 IO more stake arrives after the start: the proposal's quorum base does not move,
      // so the 1,000 IO owner alone still reaches 10% of 1,600.
      w.staking.node("late", 200, IO.muln(20_000));
      expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      expect(w.proposal(proposal).eligible.toString()).to.equal(IO.muln(1_600).toString());
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expectOk(w.queue(proposal));
      void owner;
    });

    it("a defeated proposal cannot be queued or executed; votes after the end are refused", () => {
      const { w, owner, delegator } = world();
      const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      expectOk(w.vote(owner, proposal, VoteChoice.No));
      expectOk(w.vote(delegator, proposal, VoteChoice.Yes));
      w.chain.warp(GOV_PARAMS.votingPeriod);
      expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Defeated");
      const before = w.chain.snapshot([proposal]);
      expectError(w.queue(proposal), "ProposalDefeated");
      expectError(w.execute(proposal), "NotQueued");
      const third = w.delegator(IO.muln(10));
      expectError(w.vote(third, proposal, VoteChoice.Yes), "VotingClosed");
      expect(w.chain.snapshot([proposal])).to.equal(before);
    });

    it("a late quorum extends the voting once, within the lock end", () => {
      const { w, owner } = world();
      const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      w.chain.warp(GOV_PARAMS.votingPeriod - 60);
      const res = expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      expect(parseIoGovernanceEvents(res.logs).map((e) => e.name)).to.include("votingExtended");
      const p = w.proposal(proposal);
      expect(p.end.toNumber()).to.equal(now(w) + GOV_PARAMS.lateQuorumExtension);
      expect(p.end.toNumber()).to.be.at.most(p.lockEnd.toNumber());
      w.chain.warp(60);
      expectError(w.queue(proposal), "VotingOpen");
    });

    it("stuck execution: a failing action leaves the proposal queued and retryable", () => {
      const { w, owner, delegator } = world();
      // Accepting io_jobs' admin before the admin proposed the executor fails inside the CPI.
      const { proposal } = w.propose(owner, GovAction.AcceptAdmin, JOBS, new BN(0));
      pass(w, proposal, [owner, delegator]);
      w.chain.warp(GOV_PARAMS.timelock);
      const before = w.chain.snapshot([proposal, jobsConfigKey()[0]]);
      const failed = w.execute(proposal);
      expect(failed.ok).to.equal(false);
      expect(w.chain.snapshot([proposal, jobsConfigKey()[0]])).to.equal(before);
      expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Queued");
      // Once the admin proposes the executor, the same proposal executes.
      w.staking.jobs.send([proposeJobsAdminInstruction({ admin: w.admin.publicKey, newAdmin: executorKey()[0] })], [w.admin]);
      expectOk(w.execute(proposal));
    });

    it("executing after the grace period is refused", () => {
      const { w, owner, delegator } = world();
      const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      pass(w, proposal, [owner, delegator]);
      w.chain.warp(GOV_PARAMS.timelock + GOV_PARAMS.gracePeriod);
      expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Expired");
      expectError(w.execute(proposal), "ProposalExpired");
    });

    it("refuses out-of-bound parameters, unknown actions and a proposer below the threshold", () => {
      const { w, owner, delegator } = world();
      const count = w.config().proposalCount.toString();
      expectError(w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(10_001)).res, "ParamOutOfBounds");
      expectError(w.propose(owner, GovAction.JobParam, 3, new BN(0)).res, "ParamOutOfBounds");
      expectError(w.propose(owner, GovAction.JobParam, 9, new BN(1)).res, "InvalidAction");
      expectError(w.propose(owner, GovAction.OracleSet, 0, new BN(1), [Keypair.generate().publicKey, Keypair.generate().publicKey]).res, "InvalidOracleSet");
      // 50 IO staked is below the 100 IO threshold.
      const small = w.delegator(IO.muln(50));
      expectOk(w.staking.closeEpoch());
      expectError(w.propose(small, GovAction.JobParam, NETWORK_FEE, new BN(600)).res, "BelowProposalThreshold");
      expect(w.config().proposalCount.toString()).to.equal(count);
      void delegator;
    });

    it("the guardian can only veto a queued proposal; the proposer cancels only while voting", () => {
      const { w, owner, delegator } = world();
      const g = w.guardian;
      const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      expectError(w.chain.send([vetoInstruction({ guardian: g.publicKey, proposal })], [g]), "NotQueued");
      expectError(w.chain.send([cancelInstruction({ proposer: delegator.wallet.publicKey, proposal })], [delegator.wallet]), "Unauthorized");
      pass(w, proposal, [owner, delegator]);
      expectError(w.chain.send([cancelInstruction({ proposer: owner.wallet.publicKey, proposal })], [owner.wallet]), "WrongState");
      // The last second of the timelock: the guardian's veto window (tests/review-15: not after).
      w.chain.warp(GOV_PARAMS.timelock - 1);
      expectError(w.execute(proposal, g), "GuardianOnlyVetoes");
      const stranger = w.staking.jobs.funded(Keypair.generate());
      expectError(w.chain.send([vetoInstruction({ guardian: stranger.publicKey, proposal })], [stranger]), "Unauthorized");
      expectOk(w.chain.send([vetoInstruction({ guardian: g.publicKey, proposal })], [g]));
      expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Vetoed");
      expectError(w.execute(proposal), "NotQueued");
      const second = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(650));
      expectOk(second.res);
      expectError(w.queue(second.proposal, g), "GuardianOnlyVetoes");
      expectOk(w.chain.send([cancelInstruction({ proposer: owner.wallet.publicKey, proposal: second.proposal })], [owner.wallet]));
      expect(proposalStatus(w.proposal(second.proposal), now(w))).to.equal("Cancelled");
      expect(governanceConfigKey()[0]).to.be.instanceOf(PublicKey);
    });

    it("vote costs at most 10,000 CU (lock included)", () => {
      const { w, owner } = world();
      const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
      const res = expectOk(w.vote(owner, proposal, VoteChoice.Yes));
      expect(res.computeUnits).to.be.at.most(10_000);
      expect(votingPowerOf(w.staking.position(owner.participant, owner.wallet.publicKey), 1)!.toString()).to.equal(IO.muln(1_000).toString());
    });
  });
});
