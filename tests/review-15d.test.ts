/**
 * Issue 15's admin calls (action 6) reviewed as an attacker (fourth review, branch gov-calls):
 * each finding is a test on the real .so files that failed before its fix (see the commit
 * history of this file), in the attack matrix's world handed over to governance (cli/handover.ts).
 * Given / When / Then in each test; refusals assert the error and that state did not change.
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import {
  ActionSpec,
  adminCallAction,
  Currency,
  decodeJob,
  DEFAULT_JOBS_PARAMS,
  DISPUTE_RESOLVED,
  disputeJobInstruction,
  setJobParamsInstruction,
  settleJobsInstruction,
  buybackConfigKey,
  jobsConfigKey,
  stakingConfigKey,
  contestSlashInstruction,
  decodeBuybackConfig,
  decodeGovernanceConfig,
  decodeParticipant,
  decodeProposal,
  executeInstruction,
  governanceConfigKey,
  lockPositionInstruction,
  pauseBuybackInstruction,
  positionKey,
  proposalActions,
  proposalKey,
  ProposalState,
  proposeInstruction,
  queueInstruction,
  resolveSlashInstruction,
  setSlashingInstruction,
  voteInstruction,
  voteSlashInstruction,
  VoteChoice,
} from "../sdk/src";
import { handOver } from "../cli/handover";
import { TxResult } from "../cli/chain";
import { expectError, expectOk } from "./harness";
import { Scene } from "./matrix/scene";
import { BuiltWorld, buildWorld, MATRIX_GOV_PARAMS, MatrixChain, restore } from "./matrix/world";

const SLASH_NONE = 0;
const SLASH_CONTESTED = 2;
const SLASH_UPHELD = 3;
const HOUR = 3_600;

describe("review 15d: admin calls (action 6) as an attacker", () => {
  let world: BuiltWorld;
  before(() => {
    world = buildWorld();
  });

  /** The world, `before` run with the old admin, then every program handed over. */
  async function handedOver(before?: (chain: MatrixChain) => void): Promise<MatrixChain> {
    const chain = restore(world);
    if (before) before(chain);
    await handOver(chain, world.keys.admin);
    return chain;
  }

  const owner = () => world.keys.stakeNode.owner;
  const ownerPosition = () => positionKey(world.keys.stakeNode.participant, owner().publicKey)[0];
  const delegatorPosition = () => positionKey(world.keys.stakeNode.participant, world.keys.delegator.wallet.publicKey)[0];

  function propose(chain: MatrixChain, actions: ActionSpec[]): { res: TxResult; proposal: PublicKey } {
    const index = decodeGovernanceConfig(chain.account(governanceConfigKey()[0])!).proposalCount;
    const res = chain.send([proposeInstruction({ proposer: owner().publicKey, position: ownerPosition(), index, actions })], [chain.payer, owner()]);
    return { res, proposal: proposalKey(index)[0] };
  }

  /** Both stakers vote yes, the vote ends, the proposal is queued and its timelock passes. */
  function pass(chain: MatrixChain, proposal: PublicKey): void {
    const voters: [Keypair, PublicKey][] = [
      [owner(), ownerPosition()],
      [world.keys.delegator.wallet, delegatorPosition()],
    ];
    for (const [wallet, position] of voters) {
      expectOk(chain.send([lockPositionInstruction({ staker: wallet.publicKey, position, proposal }), voteInstruction({ voter: wallet.publicKey, proposal, position, choice: VoteChoice.Yes })], [chain.payer, wallet]));
    }
    chain.warp(MATRIX_GOV_PARAMS.votingPeriod);
    expectOk(chain.send([queueInstruction({ caller: chain.payer.publicKey, proposal })], [chain.payer]));
    chain.warp(MATRIX_GOV_PARAMS.timelock);
  }

  function executeIx(chain: MatrixChain, proposal: PublicKey): TransactionInstruction {
    const p = decodeProposal(chain.account(proposal)!);
    return executeInstruction({ caller: chain.payer.publicKey, proposal, actions: proposalActions(p), usdcMint: world.keys.usdcMint });
  }

  /** Two oracles vote to slash the staked node and its operator contests: a contested slash. */
  function contestedSlash(chain: MatrixChain): PublicKey {
    const n = world.keys.stakeNode;
    for (const o of world.keys.oracles.slice(0, 2)) expectOk(chain.send([voteSlashInstruction({ oracle: o.publicKey, participant: n.participant, reason: 1 })], [chain.payer, o]));
    expectOk(chain.send([contestSlashInstruction({ authority: n.owner.publicKey, participant: n.participant })], [chain.payer, n.owner]));
    expect(decodeParticipant(chain.account(n.participant)!).slashState).to.equal(SLASH_CONTESTED);
    return n.participant;
  }

  it("finding 1 (high): a resolve_slash voted on one slash is refused on a later slash of the same participant (the address is reused)", async () => {
    // Given a 3-hour slash window (set by the old admin before the hand-over: decision deadline 6 h
    // after the votes, inside the proposal's 24-hour grace period) and a contested slash.
    const chain = await handedOver((c) => {
      expectOk(c.send([setSlashingInstruction({ admin: world.keys.admin.publicKey, slashBps: 4_000, slashWindow: 3 * HOUR, slashVoteTtl: 86_400 })], [c.payer, world.keys.admin]));
    });
    const participant = contestedSlash(chain);
    const first = decodeParticipant(chain.account(participant)!).slashDeadline.toNumber();
    // And a proposal upholding that slash, passed and queued, that nobody executes in time.
    const { res, proposal } = propose(chain, [adminCallAction(2, new BN(1), participant)]);
    expectOk(res);
    pass(chain, proposal);
    // When the first slash's deadline passes, anyone dismisses it, and the node is slashed again
    // for another incident, contested by its operator.
    chain.warp(first - Number(chain.now()) + 1);
    expectOk(chain.send([resolveSlashInstruction({ caller: chain.payer.publicKey, participant, uphold: false })], [chain.payer]));
    expect(decodeParticipant(chain.account(participant)!).slashState).to.equal(SLASH_NONE);
    contestedSlash(chain);
    const second = decodeParticipant(chain.account(participant)!).slashDeadline.toNumber();
    expect(second).to.be.greaterThan(first);
    expect(Number(chain.now())).to.be.lessThan(decodeProposal(chain.account(proposal)!).eta.toNumber() + MATRIX_GOV_PARAMS.gracePeriod);
    // Then the old proposal cannot uphold the second slash, which nobody voted on: refused, the
    // participant still contested, the proposal still queued.
    const before = chain.snapshot([participant, proposal]);
    expectError(chain.send([executeIx(chain, proposal)], [chain.payer]), "CallTargetChanged");
    expect(chain.snapshot([participant, proposal])).to.equal(before);
    expect(decodeParticipant(chain.account(participant)!).slashState).to.equal(SLASH_CONTESTED);
    expect(decodeProposal(chain.account(proposal)!).state).to.equal(ProposalState.Queued);
    // And a proposal voted on the second slash upholds it (the refusal is about the matter only).
    const fresh = propose(chain, [adminCallAction(2, new BN(1), participant)]);
    expectOk(fresh.res);
    pass(chain, fresh.proposal);
    expectOk(chain.send([executeIx(chain, fresh.proposal)], [chain.payer]));
    expect(decodeParticipant(chain.account(participant)!).slashState).to.equal(SLASH_UPHELD);
  });

  it("finding 2 (high): a resolve_dispute voted on one job is refused on a new job opened at the same address after the first closed", async () => {
    // Given io_jobs' dispute window at 3 hours (set by the old admin before the hand-over) and
    // users[0]'s 10-hour job, 2 hours attested by the oracles, disputed by the user.
    const chain = await handedOver((c) => {
      expectOk(c.send([setJobParamsInstruction({ admin: world.keys.admin.publicKey, ...DEFAULT_JOBS_PARAMS, disputeWindow: 3 * HOUR })], [c.payer, world.keys.admin]));
    });
    const s = new Scene(chain, world.keys);
    const user = world.keys.users[0];
    const opened = s.openJobIx(user, Currency.Usdc, 10);
    expectOk(chain.send([opened.ix], [chain.payer, user.wallet]));
    const job = opened.job;
    const dispute = (): void => {
      s.warp(2 * HOUR);
      s.attest(job, 2);
      expectOk(chain.send([disputeJobInstruction({ user: user.wallet.publicKey, job })], [chain.payer, user.wallet]));
    };
    dispute();
    const first = decodeJob(chain.account(job)!).disputeDeadline.toNumber();
    // And a proposal settling that dispute at 0 hours, passed and queued, that nobody executes in time.
    const { res, proposal } = propose(chain, [adminCallAction(3, new BN(0), job)]);
    expectOk(res);
    pass(chain, proposal);
    // When the dispute lapses, the job settles at the oracles' 2 hours and closes to the user,
    // and the user opens a new job at the same nonce (the same address), uses 2 hours and disputes it.
    chain.warp(first - Number(chain.now()) + 1);
    const entry = { job, node: world.keys.node.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] };
    expectOk(chain.send([settleJobsInstruction({ caller: chain.payer.publicKey, jobs: [entry], currency: Currency.Usdc, usdcMint: world.keys.usdcMint })], [chain.payer]));
    expect(chain.account(job)).to.equal(null);
    const again = s.openJobIx(user, Currency.Usdc, 10, world.keys.node.node, opened.nonce);
    expect(again.job.equals(job)).to.equal(true);
    expectOk(chain.send([again.ix], [chain.payer, user.wallet]));
    dispute();
    expect(decodeJob(chain.account(job)!).disputeDeadline.toNumber()).to.be.greaterThan(first);
    expect(Number(chain.now())).to.be.lessThan(decodeProposal(chain.account(proposal)!).eta.toNumber() + MATRIX_GOV_PARAMS.gracePeriod);
    // Then the old proposal cannot settle the new job's dispute at 0 hours: refused, the job
    // still disputed with its 2 hours, the proposal still queued.
    const before = chain.snapshot([job, proposal]);
    expectError(chain.send([executeIx(chain, proposal)], [chain.payer]), "CallTargetChanged");
    expect(chain.snapshot([job, proposal])).to.equal(before);
    const j = decodeJob(chain.account(job)!);
    expect([j.attestedHours, j.dispute === DISPUTE_RESOLVED]).to.deep.equal([2, false]);
    expect(decodeProposal(chain.account(proposal)!).state).to.equal(ProposalState.Queued);
    // And a proposal voted on the new job's dispute settles it (the refusal is about the matter only).
    const fresh = propose(chain, [adminCallAction(3, new BN(1), job)]);
    expectOk(fresh.res);
    pass(chain, fresh.proposal);
    expectOk(chain.send([executeIx(chain, fresh.proposal)], [chain.payer]));
    const k = decodeJob(chain.account(job)!);
    expect([k.attestedHours, k.dispute]).to.deep.equal([1, DISPUTE_RESOLVED]);
  });

  it("finding 3 (medium): an unpause proposed before the guardian's pause cannot undo that pause", async () => {
    // Given an unpause proposed while the buyback runs (a colluding minority can pass it on a
    // 10% quorum), passed, queued and past its timelock, so the guardian can no longer veto it.
    const chain = await handedOver();
    const config = buybackConfigKey()[0];
    expect(decodeBuybackConfig(chain.account(config)!).paused).to.equal(false);
    const { res, proposal } = propose(chain, [adminCallAction(4, new BN(0))]);
    if (res.ok) {
      pass(chain, proposal);
      // When the guardian pauses the buyback for an incident.
      const guardian = world.keys.guardian;
      expectOk(chain.send([pauseBuybackInstruction({ caller: guardian.publicKey })], [chain.payer, guardian]));
      // Then executing the stale unpause is refused (the pause it would lift came after it).
      const before = chain.snapshot([config, proposal]);
      expectError(chain.send([executeIx(chain, proposal)], [chain.payer]), "CallTargetChanged");
      expect(chain.snapshot([config, proposal])).to.equal(before);
      expect(decodeBuybackConfig(chain.account(config)!).paused).to.equal(true);
      // And an unpause voted during this pause lifts it (the refusal is about the matter only).
      const fresh = propose(chain, [adminCallAction(4, new BN(0))]);
      expectOk(fresh.res);
      pass(chain, fresh.proposal);
      expectOk(chain.send([executeIx(chain, fresh.proposal)], [chain.payer]));
      expect(decodeBuybackConfig(chain.account(config)!).paused).to.equal(false);
    } else {
      // (Or it is refused at proposal time: nothing to unpause.)
      expectError(res, "CallTargetChanged");
    }
  });

  it("finding 4 (low): a resolve_slash or resolve_dispute naming its program's config instead of a participant or a job is refused at proposal time, not left to fail at every execution", async () => {
    // Given every program handed over.
    const chain = await handedOver();
    const config = governanceConfigKey()[0];
    for (const [action, what] of [
      [adminCallAction(2, new BN(1), stakingConfigKey()[0]), "io_staking's config as the participant"],
      [adminCallAction(3, new BN(1), jobsConfigKey()[0]), "io_jobs' config as the job"],
    ] as const) {
      // When a proposer names the config itself (owned by the program, but no Participant or Job).
      const before = chain.snapshot([config]);
      const { res, proposal } = propose(chain, [action]);
      // Then the proposal is refused (InvalidTarget), no proposal account, the count unchanged.
      expect(res.ok, what).to.equal(false);
      expectError(res, "InvalidTarget");
      expect(chain.snapshot([config])).to.equal(before);
      expect(chain.account(proposal)).to.equal(null);
    }
  });
});
