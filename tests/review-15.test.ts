/**
 * Issue 15's governance, reviewed as an attacker: each finding is a test on the real .so files
 * that failed before its fix (see the commit history of this file). Given / When / Then in each
 * test; refusals assert the error and that state did not change.
 */
import { expect } from "chai";
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";
import {
  cancelInstruction,
  closeEpochInstruction,
  lockPositionInstruction,
  proposalKey,
  proposeInstruction,
  stakeInstruction,
  unstakeInstruction,
  voteInstruction,
  GovAction,
  governanceConfigKey,
  initializeGovernanceInstruction,
  IO_GOVERNANCE_PROGRAM_ID,
  parseIoGovernanceEvents,
  proposalStatus,
  vetoInstruction,
  VoteChoice,
} from "../sdk/src";
import { createLookupTable, expectError, expectOk } from "./harness";
import { IO } from "./jobs-world";
import { GovWorld, GOV_PARAMS, Voter } from "./governance-world";
import { StakingWorld } from "./staking-world";

const now = (w: GovWorld) => Number(w.chain.now());
const NETWORK_FEE = 0;

/** Given nodeA's owner (1,000 IO own) and two delegators (600 and 500 IO) staked in epoch 0, and epoch 1 open. */
function world(): { w: GovWorld; owner: Voter; a: Voter; b: Voter } {
  const w = new GovWorld();
  const owner = w.ownerVoter();
  const a = w.delegator(IO.muln(600));
  const b = w.delegator(IO.muln(500));
  expectOk(w.staking.closeEpoch());
  return { w, owner, a, b };
}

const endOf = (w: GovWorld, proposal: PublicKey) => w.proposal(proposal).end.toNumber();

describe("review of issue 15 (governance as an attacker)", () => {
  it("late swing: a vote that flips the outcome near the end extends the voting even when the quorum was reached earlier, never past the lock end", () => {
    // Given a proposal whose quorum (10% of 2,100 IO) a 600 IO yes reached at once.
    const { w, owner, a, b } = world();
    const { proposal, res } = w.propose(a, GovAction.JobParam, NETWORK_FEE, new BN(600));
    expectOk(res);
    expectOk(w.vote(a, proposal, VoteChoice.Yes));
    const end = endOf(w, proposal);
    const lockEnd = w.proposal(proposal).lockEnd.toNumber();
    // When a 1,000 IO no lands 60 seconds before the end and turns the outcome.
    w.chain.warp(end - now(w) - 60);
    const swing = expectOk(w.vote(owner, proposal, VoteChoice.No));
    // Then the voting is extended, as for a late quorum, so that the others can answer.
    expect(parseIoGovernanceEvents(swing.logs).map((e) => e.name)).to.include("votingExtended");
    expect(endOf(w, proposal)).to.equal(now(w) + GOV_PARAMS.lateQuorumExtension);
    // And an answer in the extension (500 IO yes: 1,100 against 1,000) is counted and extends
    // again, but never past the lock end the voters' positions are locked until.
    w.chain.warp(GOV_PARAMS.lateQuorumExtension - 10);
    const answer = expectOk(w.vote(b, proposal, VoteChoice.Yes));
    expect(parseIoGovernanceEvents(answer.logs).map((e) => e.name)).to.include("votingExtended");
    expect(endOf(w, proposal)).to.equal(lockEnd);
    w.chain.warp(lockEnd - now(w));
    expectOk(w.queue(proposal));
    expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Queued");
  });

  it("a swing that does not change the outcome does not extend the voting", () => {
    // Given a passing proposal (yes 600 IO, quorum reached).
    const { w, owner, a } = world();
    const { proposal } = w.propose(a, GovAction.JobParam, NETWORK_FEE, new BN(600));
    expectOk(w.vote(a, proposal, VoteChoice.Yes));
    const end = endOf(w, proposal);
    // When another yes arrives a minute before the end.
    w.chain.warp(end - now(w) - 60);
    const res = expectOk(w.vote(owner, proposal, VoteChoice.Yes));
    // Then the end does not move.
    expect(parseIoGovernanceEvents(res.logs).map((e) => e.name)).to.not.include("votingExtended");
    expect(endOf(w, proposal)).to.equal(end);
  });

  it("cancel after the voting ended: the proposer cannot kill a passed proposal before it is queued", () => {
    // Given a proposal passed by its voters, whose voting has ended but which nobody queued yet.
    const { w, owner, a, b } = world();
    const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
    for (const v of [owner, a, b]) expectOk(w.vote(v, proposal, VoteChoice.Yes));
    w.chain.warp(GOV_PARAMS.votingPeriod);
    expect(proposalStatus(w.proposal(proposal), now(w))).to.equal("Succeeded");
    // When the proposer front-runs `queue` with `cancel`.
    const before = w.chain.snapshot([proposal]);
    const res = w.chain.send([cancelInstruction({ proposer: owner.wallet.publicKey, proposal })], [owner.wallet]);
    // Then it is refused, nothing changes, and the proposal is queued.
    expectError(res, "VotingClosed");
    expect(w.chain.snapshot([proposal])).to.equal(before);
    expectOk(w.queue(proposal));
  });

  it("the guardian vetoes only during the timelock: once it has passed, the proposal is the holders'", () => {
    // Given a queued proposal whose timelock has passed.
    const { w, owner, a, b } = world();
    const { proposal } = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(600));
    for (const v of [owner, a, b]) expectOk(w.vote(v, proposal, VoteChoice.Yes));
    w.chain.warp(GOV_PARAMS.votingPeriod);
    expectOk(w.queue(proposal));
    const eta = w.proposal(proposal).eta.toNumber();
    w.chain.warp(eta - now(w));
    // When the guardian tries to veto it (front-running its execution).
    const g = w.guardian;
    const before = w.chain.snapshot([proposal]);
    const res = w.chain.send([vetoInstruction({ guardian: g.publicKey, proposal })], [g]);
    // Then it is refused and nothing changes.
    expectError(res, "VetoWindowClosed");
    expect(w.chain.snapshot([proposal])).to.equal(before);
    // A veto one second before the eta still works (on a second proposal).
    const second = w.propose(owner, GovAction.JobParam, NETWORK_FEE, new BN(650));
    expectOk(second.res);
    for (const v of [owner, a, b]) expectOk(w.vote(v, second.proposal, VoteChoice.Yes));
    w.chain.warp(GOV_PARAMS.votingPeriod + GOV_PARAMS.lateQuorumExtension);
    expectOk(w.queue(second.proposal));
    w.chain.warp(w.proposal(second.proposal).eta.toNumber() - now(w) - 1);
    expectOk(w.chain.send([vetoInstruction({ guardian: g.publicKey, proposal: second.proposal })], [g]));
    expect(proposalStatus(w.proposal(second.proposal), now(w))).to.equal("Vetoed");
  });

  it("a zero timelock is refused at initialisation: the guardian's veto window and the holders' time to react cannot be configured away", () => {
    // Given io_governance deployed, not initialised.
    const staking = new StakingWorld();
    const { chain, admin } = staking.jobs;
    chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", admin.publicKey);
    const guardian = PublicKey.unique();
    // When the upgrade authority initialises it with no timelock.
    const res = chain.send([initializeGovernanceInstruction({ payer: admin.publicKey, guardian, ...GOV_PARAMS, timelock: 0 })], [admin]);
    // Then it is refused and no config exists; one second of timelock is accepted.
    expectError(res, "InvalidParams");
    expect(chain.account(governanceConfigKey()[0])).to.equal(null);
    expectOk(chain.send([initializeGovernanceInstruction({ payer: admin.publicKey, guardian, ...GOV_PARAMS, timelock: 1 })], [admin]));
  });

  it("checked sound: Beanstalk in one transaction (stake, close the epoch, propose, vote, take the stake back) fails on the lock; without the exit the IO stays locked until the lock end", () => {
    // Given nodeA's owner (1,000 IO own) and a delegator (600 IO) in epoch 0, whose length has
    // passed (the emissions cranked), and 5,000 IO more in the owner's wallet.
    const w = new GovWorld();
    const owner = w.ownerVoter();
    w.delegator(IO.muln(600));
    const lender = w.staking.wallet(IO.muln(5_000));
    expectOk(w.chain.send([w.tokenTransfer(lender, owner.io, IO.muln(5_000))], [lender.wallet]));
    expectOk(w.staking.closeEpoch());
    // (closeEpoch closed epoch 0; wait out epoch 1 too so the attack closes it in its transaction.)
    w.chain.warp(24 * 3_600);
    const epoch = w.staking.config().epoch;
    const index = w.config().proposalCount;
    const proposal = proposalKey(index)[0];
    const staker = owner.wallet.publicKey;
    const lastEpoch = w.staking.lastEpoch(owner.participant);
    const attack = [
      stakeInstruction({ staker, participant: owner.participant, lastEpoch, stakerIo: owner.io, amount: IO.muln(5_000) }),
      closeEpochInstruction({ payer: staker, epoch }),
      proposeInstruction({ proposer: staker, position: owner.position, index, action: GovAction.JobParam, target: NETWORK_FEE, value: new BN(600) }),
      lockPositionInstruction({ staker, position: owner.position, proposal }),
      voteInstruction({ voter: staker, proposal, position: owner.position, choice: VoteChoice.Yes }),
    ];
    const exit = unstakeInstruction({ staker, participant: owner.participant, lastEpoch, amount: IO.muln(5_000) });
    const keys = [...attack, exit].flatMap((ix) => [ix.programId, ...ix.keys.map((k) => k.pubkey)]).filter((k) => !k.equals(staker));
    const table = createLookupTable(w.chain, [...new Map(keys.map((k) => [k.toBase58(), k])).values()]);
    const watched = [owner.position, proposal, owner.io];
    const before = w.chain.snapshot(watched);
    // When the owner does it all in one transaction, taking the stake back at the end.
    const flash = w.chain.sendV0([...attack, exit], [owner.wallet], [table]);
    // Then the exit fails on the lock and nothing happened.
    expectError(flash, "PositionLocked");
    expect(w.chain.snapshot(watched)).to.equal(before);
    // And without the exit the vote counts the stake committed before the new epoch's start (the
    // documented limit: the snapshot is an epoch start), which stays locked until the lock end.
    expectOk(w.chain.sendV0(attack, [owner.wallet], [table]));
    const p = w.proposal(proposal);
    expect(p.yes.toString()).to.equal(IO.muln(6_000).toString());
    expect(w.staking.position(owner.participant, staker).lockedUntil.toString()).to.equal(p.lockEnd.toString());
  });
});
