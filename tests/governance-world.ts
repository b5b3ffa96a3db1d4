/**
 * io_governance's world on the real .so files: the staking world (io_token, io_oracle, io_jobs,
 * io_staking) plus io_governance initialised with short periods, a guardian, and helpers to
 * stake, propose, vote (lock + vote in one transaction), queue and execute.
 */
import { createTransferCheckedInstruction, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import {
  ActionSpec,
  decodeGovernanceConfig,
  decodeProposal,
  executeInstruction,
  GovAction,
  GovernanceConfigState,
  GovernanceParams,
  governanceConfigKey,
  ioMintKey,
  initializeGovernanceInstruction,
  IO_GOVERNANCE_PROGRAM_ID,
  lockPositionInstruction,
  positionKey,
  ProposalAccount,
  proposalActions,
  proposalKey,
  proposeInstruction,
  queueInstruction,
  VoteChoice,
  voteInstruction,
} from "../sdk/src";
import { TxResult } from "./harness";
import { IO } from "./jobs-world";
import { StakeNode, StakingWorld } from "./staking-world";

export const HOUR = 3_600;
/** Test rules: a 1-hour vote, 10% quorum, 50% threshold, 2-hour timelock, 1-day grace, 30-minute late-quorum extension, 100 IO to propose. */
export const GOV_PARAMS: GovernanceParams = {
  votingPeriod: HOUR,
  quorumBps: 1_000,
  thresholdBps: 5_000,
  timelock: 2 * HOUR,
  gracePeriod: 24 * HOUR,
  lateQuorumExtension: HOUR / 2,
  proposalThreshold: IO.muln(100),
};

export interface Voter {
  wallet: Keypair;
  io: PublicKey;
  participant: PublicKey;
  position: PublicKey;
}

export class GovWorld {
  readonly staking: StakingWorld;
  readonly guardian = Keypair.generate();
  /** A node whose owner stakes 1,000 IO of its own. */
  readonly nodeA: StakeNode;

  constructor(params: GovernanceParams = GOV_PARAMS) {
    this.staking = new StakingWorld();
    const { chain, admin } = this.staking.jobs;
    chain.deployUpgradeable(IO_GOVERNANCE_PROGRAM_ID, "io_governance", admin.publicKey);
    this.staking.jobs.send([initializeGovernanceInstruction({ payer: admin.publicKey, guardian: this.guardian.publicKey, ...params })], [admin]);
    this.staking.jobs.funded(this.guardian);
    this.nodeA = this.staking.node("gov-node-a", 200, IO.muln(1_000));
  }

  get chain() {
    return this.staking.chain;
  }

  get admin() {
    return this.staking.jobs.admin;
  }

  /** The node owner's own position (active at once). */
  ownerVoter(node: StakeNode = this.nodeA): Voter {
    return { wallet: node.owner, io: node.ownerIo, participant: node.participant, position: positionKey(node.participant, node.owner.publicKey)[0] };
  }

  /** A wallet that delegates `amount` IO to `participant` (pending until the next epoch). */
  delegator(amount: BN, participant = this.nodeA.participant): Voter {
    const { wallet, io } = this.staking.wallet(amount.add(IO.muln(10)));
    const res = this.staking.stake(wallet, io, participant, amount);
    if (!res.ok) throw new Error(res.error);
    return { wallet, io, participant, position: positionKey(participant, wallet.publicKey)[0] };
  }

  /** `wallet` (with its IO account `io`) delegates `amount` to `participant`. */
  stakeFrom(holder: { wallet: Keypair; io: PublicKey }, amount: BN, participant = this.nodeA.participant): Voter {
    const res = this.staking.stake(holder.wallet, holder.io, participant, amount);
    if (!res.ok) throw new Error(res.error);
    return { ...holder, participant, position: positionKey(participant, holder.wallet.publicKey)[0] };
  }

  /** Moves `amount` IO from `from`'s IO account to `to` (signed by `from`). */
  tokenTransfer(from: { wallet: Keypair; io: PublicKey }, to: PublicKey, amount: BN): TransactionInstruction {
    return createTransferCheckedInstruction(from.io, ioMintKey()[0], to, from.wallet.publicKey, BigInt(amount.toString()), 8, [], TOKEN_2022_PROGRAM_ID);
  }

  config(): GovernanceConfigState {
    return decodeGovernanceConfig(this.chain.account(governanceConfigKey()[0])!);
  }

  proposal(key: PublicKey): ProposalAccount {
    return decodeProposal(this.chain.account(key)!);
  }

  /** Proposes one action with `voter`'s position at the next index. */
  propose(voter: Voter, action: GovAction, target: number, value: BN, members: PublicKey[] = []): { res: TxResult; proposal: PublicKey } {
    return this.proposeAll(voter, [{ action, target, value }], members);
  }

  /** Proposes several actions (executed in order) with `voter`'s position at the next index. */
  proposeAll(voter: Voter, actions: ActionSpec[], members: PublicKey[] = []): { res: TxResult; proposal: PublicKey } {
    const index = this.config().proposalCount;
    const proposal = proposalKey(index)[0];
    const res = this.chain.send([proposeInstruction({ proposer: voter.wallet.publicKey, position: voter.position, index, actions, members, proposerIo: voter.io })], [voter.wallet]);
    return { res, proposal };
  }

  /** Locks the voter's position for the proposal and votes, in one transaction. */
  vote(voter: Voter, proposal: PublicKey, choice: VoteChoice, lock = true): TxResult {
    const ixs: TransactionInstruction[] = [];
    if (lock) ixs.push(lockPositionInstruction({ staker: voter.wallet.publicKey, position: voter.position, proposal }));
    ixs.push(voteInstruction({ voter: voter.wallet.publicKey, proposal, position: voter.position, choice }));
    return this.chain.send(ixs, [voter.wallet]);
  }

  queue(proposal: PublicKey, caller: Keypair = this.chain.payer): TxResult {
    return this.chain.send([queueInstruction({ caller: caller.publicKey, proposal })], [caller]);
  }

  execute(proposal: PublicKey, caller: Keypair = this.chain.payer): TxResult {
    const p = this.proposal(proposal);
    return this.chain.send([executeInstruction({ caller: caller.publicKey, proposal, actions: proposalActions(p), usdcMint: this.staking.jobs.usdcMint, spill: p.proposer })], [caller], {
      // An upgrade hashes its buffer (about 1 CU per 2 bytes) before the loader's Upgrade.
      computeUnits: p.kinds.slice(0, p.actionCount).includes(GovAction.Upgrade) ? 1_400_000 : undefined,
    });
  }
}
