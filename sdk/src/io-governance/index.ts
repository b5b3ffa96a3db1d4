/**
 * io_governance: constants, PDAs, instruction builders (they return instructions, never send),
 * account decoders, the derived proposal status and event parsing (docs/governance.md).
 */
import { BorshCoder } from "@coral-xyz/anchor";
import { AccountInfo, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { accountMeta as meta, decodeAccount, offlineCoder, parseEvents, ProgramEvent } from "../anchor";
import { IO_GOVERNANCE_IDL } from "../idl/io_governance";
import { buybackConfigKey, IO_BUYBACK_PROGRAM_ID } from "../io-buyback/pdas";
import { IO_JOBS_PROGRAM_ID, jobsConfigKey } from "../io-jobs/pdas";
import { IO_ORACLE_PROGRAM_ID, oracleConfigKey, priceFeedKey } from "../io-oracle";
import { IO_STAKING_PROGRAM_ID, stakingConfigKey } from "../io-staking/pdas";
import { IO_TOKEN_PROGRAM_ID } from "../io-token/constants";
import { configKey as tokenConfigKey, programDataKey } from "../io-token/pdas";
import { findPda } from "../pda";

export const IO_GOVERNANCE_PROGRAM_ID = new PublicKey(IO_GOVERNANCE_IDL.address);
export const GOVERNANCE_CONFIG_SEED = Buffer.from("config");
export const EXECUTOR_SEED = Buffer.from("executor");
export const PROPOSAL_SEED = Buffer.from("proposal");
export const VOTE_SEED = Buffer.from("vote");

export const ioGovernanceCoder: BorshCoder = offlineCoder(IO_GOVERNANCE_IDL);

export function governanceConfigKey(programId = IO_GOVERNANCE_PROGRAM_ID): [PublicKey, number] {
  return findPda([GOVERNANCE_CONFIG_SEED], programId);
}

/** The executor PDA: the admin of every program once handed over. */
export function executorKey(programId = IO_GOVERNANCE_PROGRAM_ID): [PublicKey, number] {
  return findPda([EXECUTOR_SEED], programId);
}

export function proposalKey(index: BN | number, programId = IO_GOVERNANCE_PROGRAM_ID): [PublicKey, number] {
  return findPda([PROPOSAL_SEED, new BN(index).toArrayLike(Buffer, "le", 8)], programId);
}

export function voteRecordKey(proposal: PublicKey, position: PublicKey, programId = IO_GOVERNANCE_PROGRAM_ID): [PublicKey, number] {
  return findPda([VOTE_SEED, proposal.toBuffer(), position.toBuffer()], programId);
}

/** Proposal states stored on the account. */
export enum ProposalState {
  Voting = 0,
  Queued = 1,
  Executed = 2,
  Cancelled = 3,
  Vetoed = 4,
}

/** Actions. */
export enum GovAction {
  JobParam = 0,
  OracleSet = 1,
  AcceptAdmin = 2,
}

export enum VoteChoice {
  No = 0,
  Yes = 1,
  Abstain = 2,
}

/** io_jobs' governed parameters, by index (set_job_params' argument order), with their bounds (io_common::governance::job_param). */
export const JOB_PARAMS: readonly { name: string; min: BN; max: BN }[] = [
  { name: "networkFeeBps", min: new BN(0), max: new BN(10_000) },
  { name: "usdcSupplierFeeBps", min: new BN(0), max: new BN(10_000) },
  { name: "facilitationFeeBps", min: new BN(0), max: new BN(10_000) },
  { name: "challengeWindow", min: new BN(1), max: new BN(0xffffffff) },
  { name: "startTimeout", min: new BN(1), max: new BN(0xffffffff) },
  { name: "confMultiple", min: new BN(0), max: new BN(255) },
  { name: "maxPriceAge", min: new BN(1), max: new BN(0xffffffff) },
  { name: "disputeWindow", min: new BN(1), max: new BN(0xffffffff) },
  { name: "feeBuybackBps", min: new BN(0), max: new BN(10_000) },
];

/** The programs whose admin role governance can accept, by index. */
export const ADMIN_TARGETS: readonly { name: string; program: PublicKey; config: PublicKey }[] = [
  { name: "io_token", program: IO_TOKEN_PROGRAM_ID, config: tokenConfigKey()[0] },
  { name: "io_oracle", program: IO_ORACLE_PROGRAM_ID, config: oracleConfigKey()[0] },
  { name: "io_jobs", program: IO_JOBS_PROGRAM_ID, config: jobsConfigKey()[0] },
  { name: "io_staking", program: IO_STAKING_PROGRAM_ID, config: stakingConfigKey()[0] },
  { name: "io_buyback", program: IO_BUYBACK_PROGRAM_ID, config: buybackConfigKey()[0] },
];

export interface GovernanceParams {
  /** Seconds a proposal is open for votes (1 s to 30 days). */
  votingPeriod: number;
  /** Votes (yes, no, abstain) needed, in bps of the stake eligible at the snapshot. */
  quorumBps: number;
  /** Yes must exceed this share of yes plus no (5,000..9,999 bps). */
  thresholdBps: number;
  /** Seconds from queueing to the earliest execution (up to 30 days). */
  timelock: number;
  /** Seconds to queue after the voting, and to execute after the timelock (1 s to 30 days). */
  gracePeriod: number;
  /** A quorum reached this close to the end moves the end this far from then (up to 7 days). */
  lateQuorumExtension: number;
  /** Voting power a proposer needs (IO base units). */
  proposalThreshold: BN;
}

/**
 * The protocol's defaults: a 3-day vote, a 4% quorum of the stake eligible at the snapshot, a
 * simple majority, a 2-day timelock, 7 days of grace, a 1-day late-quorum extension and 10,000 IO
 * of voting power to propose.
 */
export const DEFAULT_GOVERNANCE_PARAMS: GovernanceParams = {
  votingPeriod: 3 * 86_400,
  quorumBps: 400,
  thresholdBps: 5_000,
  timelock: 2 * 86_400,
  gracePeriod: 7 * 86_400,
  lateQuorumExtension: 86_400,
  proposalThreshold: new BN(10_000).mul(new BN(100_000_000)),
};

export interface GovernanceConfigState extends GovernanceParams {
  executorBump: number;
  guardian: PublicKey;
  proposalCount: BN;
}

export interface ProposalAccount {
  state: number;
  action: number;
  index: BN;
  proposer: PublicKey;
  snapshotEpoch: number;
  extension: number;
  lockEnd: BN;
  start: BN;
  end: BN;
  eligible: BN;
  yes: BN;
  no: BN;
  abstain: BN;
  quorumBps: number;
  thresholdBps: number;
  timelock: number;
  gracePeriod: number;
  eta: BN;
  target: number;
  memberCount: number;
  oldValue: BN;
  value: BN;
  members: PublicKey[];
}


export interface VoteRecordState {
  choice: number;
  proposal: PublicKey;
  position: PublicKey;
  voter: PublicKey;
  power: BN;
}

type Info = Pick<AccountInfo<Buffer>, "data" | "owner">;
export const decodeGovernanceConfig = (info: Info, programId = IO_GOVERNANCE_PROGRAM_ID) =>
  decodeAccount<GovernanceConfigState>(ioGovernanceCoder, "governanceConfig", info, programId);
export const decodeProposal = (info: Info, programId = IO_GOVERNANCE_PROGRAM_ID) =>
  decodeAccount<ProposalAccount>(ioGovernanceCoder, "proposal", info, programId);
export const decodeVoteRecord = (info: Info, programId = IO_GOVERNANCE_PROGRAM_ID) =>
  decodeAccount<VoteRecordState>(ioGovernanceCoder, "voteRecord", info, programId);

export function parseIoGovernanceEvents(logs: string[], programId = IO_GOVERNANCE_PROGRAM_ID): ProgramEvent[] {
  return parseEvents(logs, programId, ioGovernanceCoder);
}

/** yes + no + abstain reach the quorum (as state.rs `quorum_reached`). */
export function quorumReached(p: Pick<ProposalAccount, "yes" | "no" | "abstain" | "eligible" | "quorumBps">): boolean {
  const votes = p.yes.add(p.no).add(p.abstain);
  return !votes.isZero() && votes.muln(10_000).gte(p.eligible.muln(p.quorumBps));
}

/** yes x 10,000 > threshold x (yes + no) (as state.rs `threshold_reached`). */
export function thresholdReached(p: Pick<ProposalAccount, "yes" | "no" | "thresholdBps">): boolean {
  return !p.yes.isZero() && p.yes.muln(10_000).gt(p.yes.add(p.no).muln(p.thresholdBps));
}

/** The full status, the stored state plus what follows from the clock and the tallies. */
export type ProposalStatus = "Voting" | "Succeeded" | "Defeated" | "Expired" | "Queued" | "Executed" | "Cancelled" | "Vetoed";

export function proposalStatus(p: ProposalAccount, now: number | BN): ProposalStatus {
  const t = new BN(now);
  switch (p.state) {
    case ProposalState.Voting:
      if (t.lt(p.end)) return "Voting";
      if (!quorumReached(p) || !thresholdReached(p)) return "Defeated";
      return t.lt(p.end.addn(p.gracePeriod)) ? "Succeeded" : "Expired";
    case ProposalState.Queued:
      return t.lt(p.eta.addn(p.gracePeriod)) ? "Queued" : "Expired";
    case ProposalState.Executed:
      return "Executed";
    case ProposalState.Cancelled:
      return "Cancelled";
    default:
      return "Vetoed";
  }
}

const ix = (name: string, keys: ReturnType<typeof meta>[], args: object, programId: PublicKey) =>
  new TransactionInstruction({ programId, keys, data: ioGovernanceCoder.instruction.encode(name, args) });

/** `initialize`: the governance config (the upgrade authority, once). */
export function initializeGovernanceInstruction(
  args: GovernanceParams & { payer: PublicKey; guardian: PublicKey },
  programId = IO_GOVERNANCE_PROGRAM_ID,
): TransactionInstruction {
  const keys = [
    meta(args.payer, true, true),
    meta(programDataKey(programId)[0], false),
    meta(governanceConfigKey(programId)[0], true),
    meta(SystemProgram.programId, false),
  ];
  const { votingPeriod, quorumBps, thresholdBps, timelock, gracePeriod, lateQuorumExtension, proposalThreshold, guardian } = args;
  return ix("initialize", keys, { votingPeriod, quorumBps, thresholdBps, timelock, gracePeriod, lateQuorumExtension, proposalThreshold, guardian }, programId);
}

/** The config account an action reads and writes. */
export function actionTargetConfig(action: GovAction, target: number): PublicKey {
  if (action === GovAction.JobParam) return jobsConfigKey()[0];
  if (action === GovAction.OracleSet) return oracleConfigKey()[0];
  const t = ADMIN_TARGETS[target];
  if (!t) throw new Error(`no admin target ${target}`);
  return t.config;
}

export interface ProposeArgs {
  proposer: PublicKey;
  /** The proposer's io_staking position. */
  position: PublicKey;
  /** The next proposal's index (the config's `proposalCount`). */
  index: BN | number;
  action: GovAction;
  target: number;
  value: BN;
  members?: PublicKey[];
}

/** `propose`: one typed action (see GovAction). */
export function proposeInstruction(args: ProposeArgs, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.proposer, true, true),
    meta(governanceConfigKey(programId)[0], true),
    meta(proposalKey(args.index, programId)[0], true),
    meta(args.position, false),
    meta(stakingConfigKey()[0], false),
    meta(actionTargetConfig(args.action, args.target), false),
    meta(SystemProgram.programId, false),
  ];
  const members = args.members ?? [];
  return ix("propose", keys, { index: new BN(args.index), action: args.action, target: args.target, value: args.value, members }, programId);
}

/** `vote`: the position's power since the proposal's start epoch (lock it first: io_staking's lockPositionInstruction in the same transaction). */
export function voteInstruction(args: { voter: PublicKey; proposal: PublicKey; position: PublicKey; choice: VoteChoice }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.voter, true, true),
    meta(governanceConfigKey(programId)[0], false),
    meta(args.proposal, true),
    meta(args.position, false),
    meta(voteRecordKey(args.proposal, args.position, programId)[0], true),
    meta(SystemProgram.programId, false),
  ];
  return ix("vote", keys, { choice: args.choice }, programId);
}

/** `queue`: a passed proposal after its voting (anyone but the guardian). */
export function queueInstruction(args: { caller: PublicKey; proposal: PublicKey }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.caller, false, true), meta(governanceConfigKey(programId)[0], false), meta(args.proposal, true)];
  return ix("queue", keys, {}, programId);
}

/** `execute`: a queued proposal's action after its timelock (anyone but the guardian). */
export function executeInstruction(
  args: { caller: PublicKey; proposal: PublicKey; action: GovAction; target: number },
  programId = IO_GOVERNANCE_PROGRAM_ID,
): TransactionInstruction {
  const program =
    args.action === GovAction.JobParam ? IO_JOBS_PROGRAM_ID : args.action === GovAction.OracleSet ? IO_ORACLE_PROGRAM_ID : ADMIN_TARGETS[args.target]?.program;
  if (!program) throw new Error(`no admin target ${args.target}`);
  const keys = [
    meta(args.caller, false, true),
    meta(governanceConfigKey(programId)[0], false),
    meta(args.proposal, true),
    meta(executorKey(programId)[0], false),
    meta(program, false),
    meta(actionTargetConfig(args.action, args.target), true),
  ];
  if (args.action === GovAction.OracleSet) keys.push(meta(priceFeedKey()[0], true));
  return ix("execute", keys, {}, programId);
}

/** `cancel`: the proposer, while the proposal is being voted on (before its end). */
export function cancelInstruction(args: { proposer: PublicKey; proposal: PublicKey }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  return ix("cancel", [meta(args.proposer, false, true), meta(args.proposal, true)], {}, programId);
}

/** `veto`: the guardian, on a queued proposal during its timelock (before its eta). */
export function vetoInstruction(args: { guardian: PublicKey; proposal: PublicKey }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.guardian, false, true), meta(governanceConfigKey(programId)[0], false), meta(args.proposal, true)];
  return ix("veto", keys, {}, programId);
}

/**
 * `accept_admin`: anyone completes a hand-over the admin started. Program `target` (an index of
 * ADMIN_TARGETS) must have the executor as its pending admin (its own propose_admin); its
 * accept_admin is then called with the executor signing, without a vote.
 */
export function acceptGovernanceAdminInstruction(args: { target: number }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  const t = ADMIN_TARGETS[args.target];
  if (!t) throw new Error(`no admin target ${args.target}`);
  const keys = [
    meta(governanceConfigKey(programId)[0], false),
    meta(executorKey(programId)[0], false),
    meta(t.program, false),
    meta(t.config, true),
  ];
  return ix("acceptAdmin", keys, { target: args.target }, programId);
}
