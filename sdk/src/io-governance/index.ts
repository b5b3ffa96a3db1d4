/**
 * io_governance: constants, PDAs, instruction builders (they return instructions, never send),
 * account decoders, the derived proposal status and event parsing (docs/governance.md).
 */
import { Buffer } from "buffer";
import { AccountInfo, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { accountMeta as meta, decodeOwned, ProgramEvent } from "../anchor";
import { IO_GOVERNANCE_ADDRESS } from "../idl/io_governance";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { SYSVAR_CLOCK_PUBKEY, SYSVAR_RENT_PUBKEY } from "@solana/web3.js";
import { buybackAuthorityKey, buybackConfigKey, incentivesVaultKey, IO_BUYBACK_PROGRAM_ID } from "../io-buyback/pdas";
import { IO_JOBS_PROGRAM_ID, jobsConfigKey } from "../io-jobs/pdas";
import { IO_ORACLE_PROGRAM_ID, oracleConfigKey, priceFeedKey } from "../io-oracle";
import { IO_STAKING_PROGRAM_ID, stakingConfigKey } from "../io-staking/pdas";
import { BPF_LOADER_UPGRADEABLE_ID, IO_TOKEN_PROGRAM_ID } from "../io-token/constants";
import { authorityKey as tokenAuthorityKey, configKey as tokenConfigKey, emissionKey, ioMintKey, programDataKey, vaultKey } from "../io-token/pdas";
import { iosdStateKey } from "../io-token/iosd";
import { findPda } from "../pda";
import * as gen from "./generated";

export const IO_GOVERNANCE_PROGRAM_ID = /* @__PURE__ */ new PublicKey(IO_GOVERNANCE_ADDRESS);
export const GOVERNANCE_CONFIG_SEED = Buffer.from("config");
export const EXECUTOR_SEED = Buffer.from("executor");
export const PROPOSAL_SEED = Buffer.from("proposal");
export const VOTE_SEED = Buffer.from("vote");
export const DEPOSIT_VAULT_SEED = Buffer.from("deposit_vault");


export function governanceConfigKey(programId = IO_GOVERNANCE_PROGRAM_ID): [PublicKey, number] {
  return findPda([GOVERNANCE_CONFIG_SEED], programId);
}

/** The executor PDA: the admin of every program once handed over. */
export function executorKey(programId = IO_GOVERNANCE_PROGRAM_ID): [PublicKey, number] {
  return findPda([EXECUTOR_SEED], programId);
}

/** The deposit vault: a Token-2022 IO account, its own authority, holding the unrefunded proposal deposits. */
export function depositVaultKey(programId = IO_GOVERNANCE_PROGRAM_ID): [PublicKey, number] {
  return findPda([DEPOSIT_VAULT_SEED], programId);
}

/** An owner's IO account where the deposit is paid from by default: its associated Token-2022 account. */
export function ioAccountOf(owner: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(ioMintKey()[0], owner, true, TOKEN_2022_PROGRAM_ID);
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

/** Actions. `JobParam` (kind 0) sets any program's governed parameter (GOV_PARAMS; ids 0..8 are io_jobs'). */
export enum GovAction {
  JobParam = 0,
  // eslint-disable-next-line @typescript-eslint/no-duplicate-enum-values
  Param = 0,
  OracleSet = 1,
  AcceptAdmin = 2,
  /** Pay `value` USDC from io_buyback's incentives vault to the USDC token account `key` (target 0). */
  Spend = 3,
  /** Set a guardian to `key`: target GuardianTarget.Buyback (io_buyback's) or GuardianTarget.Governance (io_governance's own; unvetoable, guardian actions only). */
  Guardian = 4,
  /** The executor proposes `key` as the admin of program `target` (ADMIN_TARGETS). */
  ProposeAdmin = 5,
  /** Calls admin instruction `target` (ADMIN_CALLS) with `value` and, where it names an account, `key`. */
  AdminCall = 6,
  /** Upgrade program `target` (UPGRADE_TARGETS) with the loader v3 buffer `key` (its authority the proposer, who hands it to the executor at propose). */
  Upgrade = 9,
}

export enum GuardianTarget {
  Buyback = 0,
  Governance = 1,
}

/** A spend action: `amount` USDC (base units) from the incentives vault to the USDC token account `destination`. */
export function spendAction(amount: BN, destination: PublicKey): ActionSpec {
  return { action: GovAction.Spend, target: 0, value: amount, key: destination };
}

/** A guardian action: io_buyback's or io_governance's guardian becomes `guardian`. */
export function guardianAction(target: GuardianTarget, guardian: PublicKey): ActionSpec {
  return { action: GovAction.Guardian, target, value: new BN(0), key: guardian };
}

/** A hand-over away: the executor proposes `newAdmin` as the admin of ADMIN_TARGETS[target]. */
export function proposeAdminAction(target: number, newAdmin: PublicKey): ActionSpec {
  return { action: GovAction.ProposeAdmin, target, value: new BN(0), key: newAdmin };
}

/**
 * The admin instructions an admin-call action calls (io_common::governance::admin_call), by
 * target: the program, the instruction, what the value and the key mean (a call whose accounts
 * have no "key" takes the key as its argument: set_iosd_spender), the value's bounds
 * (checked at proposal time), and the accounts after the program in `execute` (the callee's,
 * its config first; `key` marks the one the action's key names).
 */
export interface AdminCall {
  target: number;
  name: string;
  program: string;
  programId: PublicKey;
  instruction: string;
  value: string;
  /** What the key names, or undefined when the call takes none. */
  key?: string;
  min: BN;
  max: BN;
  accounts: readonly (PublicKey | "key")[];
  writable: readonly boolean[];
}

const releaseCall = (target: number, name: string, bucket: number): AdminCall => ({
  target,
  name,
  program: "io_token",
  programId: IO_TOKEN_PROGRAM_ID,
  instruction: "release",
  value: `IO base units out of bucket ${bucket}`,
  key: "the destination IO account (Token-2022, not io_token's)",
  min: new BN(1),
  max: new BN("18446744073709551615"),
  accounts: [tokenConfigKey()[0], tokenAuthorityKey()[0], ioMintKey()[0], vaultKey(bucket)[0], "key", TOKEN_2022_PROGRAM_ID],
  writable: [false, false, false, true, true, false],
});

export const ADMIN_CALLS: readonly AdminCall[] = [
  releaseCall(0, "release-ecosystem", 3),
  releaseCall(1, "release-community", 4),
  {
    target: 2,
    name: "resolve-slash",
    program: "io_staking",
    programId: IO_STAKING_PROGRAM_ID,
    instruction: "resolve_slash",
    value: "1 upholds, 0 dismisses",
    key: "the contested participant",
    min: new BN(0),
    max: new BN(1),
    accounts: [stakingConfigKey()[0], "key"],
    writable: [false, true],
  },
  {
    target: 3,
    name: "resolve-dispute",
    program: "io_jobs",
    programId: IO_JOBS_PROGRAM_ID,
    instruction: "resolve_dispute",
    value: "the final hours served",
    key: "the disputed job",
    min: new BN(0),
    max: new BN(0xffffffff),
    accounts: [jobsConfigKey()[0], "key"],
    writable: [false, true],
  },
  {
    target: 4,
    name: "unpause",
    program: "io_buyback",
    programId: IO_BUYBACK_PROGRAM_ID,
    instruction: "unpause",
    value: "0",
    min: new BN(0),
    max: new BN(0),
    accounts: [buybackConfigKey()[0]],
    writable: [true],
  },
  {
    target: 5,
    name: "set-rewards-vault",
    program: "io_token",
    programId: IO_TOKEN_PROGRAM_ID,
    instruction: "set_rewards_vault",
    value: "0",
    key: "the new rewards vault (an IO account, not io_token's)",
    min: new BN(0),
    max: new BN(0),
    accounts: [tokenConfigKey()[0], emissionKey()[0], "key"],
    writable: [false, true, false],
  },
  {
    target: 6,
    name: "lock-genesis",
    program: "io_token",
    programId: IO_TOKEN_PROGRAM_ID,
    instruction: "lock_genesis",
    value: "0",
    min: new BN(0),
    max: new BN(0),
    accounts: [tokenConfigKey()[0]],
    writable: [true],
  },
  {
    target: 7,
    name: "set-iosd-spender",
    program: "io_token",
    programId: IO_TOKEN_PROGRAM_ID,
    instruction: "set_iosd_spender",
    value: "0",
    key: "the new IOSD spender (an argument, not an account)",
    min: new BN(0),
    max: new BN(0),
    accounts: [tokenConfigKey()[0], iosdStateKey()[0]],
    writable: [false, true],
  },
];

/** An admin-call action: ADMIN_CALLS[target] with `value` and (where it names one) the account `key`. */
export function adminCallAction(target: number, value: BN, key?: PublicKey): ActionSpec {
  return { action: GovAction.AdminCall, target, value, key };
}

/** An upgrade action: program UPGRADE_TARGETS[target] gets the code in `buffer` (a loader v3 Buffer whose authority is the proposer; propose hands it to the executor). */
export function upgradeAction(target: number, buffer: PublicKey): ActionSpec {
  return { action: GovAction.Upgrade, target, value: new BN(0), key: buffer };
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

/** The programs governance can upgrade, by index: ADMIN_TARGETS' numbering, then io_governance itself. */
export const UPGRADE_TARGETS: readonly { name: string; program: PublicKey }[] = [
  ...ADMIN_TARGETS.map((t) => ({ name: t.name, program: t.program })),
  { name: "io_governance", program: new PublicKey(IO_GOVERNANCE_ADDRESS) },
];

/** A governed parameter of any program (io_common::governance::param): its id (a parameter action's target), program, setter, name and bounds. */
export interface GovParam {
  id: number;
  program: string;
  setter: string;
  name: string;
  min: BN;
  max: BN;
}

const U32 = new BN(0xffffffff);
/** The largest proposal deposit (parameter 71): 1,000,000 IO in base units (io_common::governance::MAX_PROPOSAL_DEPOSIT). */
export const MAX_PROPOSAL_DEPOSIT = new BN("100000000000000");
const U64 = new BN("18446744073709551615");
const DAYS30 = new BN(30 * 86_400);
const p = (id: number, program: string, setter: string, name: string, min: number | BN, max: number | BN): GovParam => ({ id, program, setter, name, min: new BN(min), max: new BN(max) });

/** Every governed parameter, by program and setter, with the bounds its program declares (per parameter; a rule tying two is the setter's, checked at execution). */
export const GOV_PARAMS: readonly GovParam[] = [
  ...JOB_PARAMS.map((q, i) => ({ id: i, program: "io_jobs", setter: "set_job_params", name: q.name, min: q.min, max: q.max })),
  p(16, "io_staking", "set_staking_params", "epochLength", 1, DAYS30),
  p(17, "io_staking", "set_staking_params", "availabilityBps", 0, 10_000),
  p(18, "io_staking", "set_staking_params", "minNodeStake", 1, U64),
  p(19, "io_staking", "set_staking_params", "weightCap", 1, U64),
  p(20, "io_staking", "set_staking_params", "minShareBps", 0, 10_000),
  p(21, "io_staking", "set_staking_params", "maxShareBps", 0, 10_000),
  p(22, "io_staking", "set_staking_params", "cooldown", 1, DAYS30),
  p(23, "io_staking", "set_staking_params", "maxComputeRate", 1, U64),
  p(24, "io_staking", "set_slashing", "slashBps", 0, 10_000),
  p(25, "io_staking", "set_slashing", "slashWindow", 1, U32),
  p(26, "io_staking", "set_slashing", "slashVoteTtl", 1, U32),
  p(32, "io_oracle", "set_price_params", "staleness", 1, U32),
  p(33, "io_oracle", "set_price_params", "maxMoveBps", 1, 10_000),
  p(34, "io_oracle", "set_price_params", "maxConfBps", 1, 10_000),
  p(35, "io_oracle", "set_price_params", "agreementBps", 1, 10_000),
  p(40, "io_buyback", "set_buyback_params", "lotPeriod", 60, 7 * 86_400),
  p(41, "io_buyback", "set_buyback_params", "multiplierBps", 11_000, 30_000),
  p(42, "io_buyback", "set_buyback_params", "floorBps", 1, 9_090),
  p(43, "io_buyback", "set_buyback_params", "minRate", 1, U64),
  p(44, "io_buyback", "set_buyback_params", "maxLot", 1, U64),
  p(45, "io_buyback", "set_buyback_params", "maxDaily", 1, U64),
  p(46, "io_buyback", "set_buyback_params", "premiumBps", 0, 1_000),
  p(47, "io_buyback", "set_buyback_params", "confMultiple", 0, 10),
  p(48, "io_buyback", "set_buyback_params", "maxPriceAge", 1, 3_600),
  p(64, "io_governance", "config", "votingPeriod", 1, DAYS30),
  p(65, "io_governance", "config", "quorumBps", 1, 10_000),
  p(66, "io_governance", "config", "thresholdBps", 5_000, 9_999),
  p(67, "io_governance", "config", "timelock", 1, DAYS30),
  p(68, "io_governance", "config", "gracePeriod", 1, DAYS30),
  p(69, "io_governance", "config", "lateQuorumExtension", 0, 7 * 86_400),
  p(70, "io_governance", "config", "proposalThreshold", 1, U64),
  p(71, "io_governance", "config", "proposalDeposit", 0, MAX_PROPOSAL_DEPOSIT),
  // The demand side (issue 18): io_jobs' referral terms (docs/demand-side.md).
  p(80, "io_jobs", "set_referral_params", "referralBps", 0, 5_000),
  p(81, "io_jobs", "set_referral_params", "referralPeriod", 0, 5 * 365 * 86_400),
  p(82, "io_jobs", "set_referral_params", "referralCapUsd", 0, U64),
  p(88, "io_token", "set_remint_cap", "remintCapPerHour", 0, U64),
  p(89, "io_token", "set_iosd_params", "confMultiple", 0, 255),
  p(90, "io_token", "set_iosd_params", "maxPriceAge", 1, U32),
  p(91, "io_token", "set_iosd_params", "rateLimit", 0, U64),
  p(92, "io_token", "set_iosd_params", "rateWindow", 1, U32),
  // The demand side (issue 18, slice 2): io_jobs' discount table by reputation (docs/demand-side.md).
  p(96, "io_jobs", "set_discount_tiers", "tier1Usd", 0, U64),
  p(97, "io_jobs", "set_discount_tiers", "tier1Bps", 0, 5_000),
  p(98, "io_jobs", "set_discount_tiers", "tier2Usd", 0, U64),
  p(99, "io_jobs", "set_discount_tiers", "tier2Bps", 0, 5_000),
  p(100, "io_jobs", "set_discount_tiers", "tier3Usd", 0, U64),
  p(101, "io_jobs", "set_discount_tiers", "tier3Bps", 0, 5_000),
  p(102, "io_jobs", "set_discount_tiers", "strikeUsd", 0, U64),
  // The demand side (issue 18, slice 3): io_staking's priority tiers of stake, whole IO (docs/demand-side.md).
  p(104, "io_staking", "set_priority_tiers", "tier1Io", 0, 800_000_000),
  p(105, "io_staking", "set_priority_tiers", "tier2Io", 0, 800_000_000),
  p(106, "io_staking", "set_priority_tiers", "tier3Io", 0, 800_000_000),
  // The demand side (issue 18, slice 4): io_staking's usage rewards for teams (docs/demand-side.md).
  p(108, "io_staking", "set_usage_params", "usageBps", 0, 3_000),
  p(109, "io_staking", "set_usage_params", "maxUsageRate", 0, new BN("1000000000")),
];

/** The governed parameter `id`, if any. */
export function govParam(id: number): GovParam | undefined {
  return GOV_PARAMS.find((q) => q.id === id);
}

/**
 * The program and the account (its config) a parameter's setter reads and writes, and the
 * read-only account it also takes, if any (io_token's config, for io_token's parameters, which
 * live in its emission and IOSD state).
 */
export function paramTarget(id: number, programId = IO_GOVERNANCE_PROGRAM_ID): { program: PublicKey; config: PublicKey; extra?: PublicKey } {
  const q = govParam(id);
  switch (q?.program) {
    case "io_token":
      return { program: IO_TOKEN_PROGRAM_ID, config: q.setter === "set_remint_cap" ? emissionKey()[0] : iosdStateKey()[0], extra: tokenConfigKey()[0] };
    case "io_jobs":
      return { program: IO_JOBS_PROGRAM_ID, config: jobsConfigKey()[0] };
    case "io_staking":
      return { program: IO_STAKING_PROGRAM_ID, config: stakingConfigKey()[0] };
    case "io_oracle":
      return { program: IO_ORACLE_PROGRAM_ID, config: oracleConfigKey()[0] };
    case "io_buyback":
      return { program: IO_BUYBACK_PROGRAM_ID, config: buybackConfigKey()[0] };
    case "io_governance":
      return { program: programId, config: governanceConfigKey(programId)[0] };
    default:
      // An unknown id: io_jobs' accounts (the program refuses the id, InvalidAction).
      return { program: IO_JOBS_PROGRAM_ID, config: jobsConfigKey()[0] };
  }
}

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
  /** IO (base units) a proposer deposits; 0 at initialisation, set by governance (parameter 71). */
  proposalDeposit: BN;
}

export interface ProposalAccount {
  state: number;
  /** The number of actions (1..=4), slots 0.. of the arrays below, executed in order. */
  actionCount: number;
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
  kinds: number[];
  targets: number[];
  values: BN[];
  oldValues: BN[];
  keys: PublicKey[];
  memberCount: number;
  members: PublicKey[];
  /** The IO the proposer deposited (base units). */
  deposit: BN;
  /** 1 once the deposit went back to the proposer. */
  depositRefunded: number;
  /** The upgrade buffers' content fixed when proposed (zero without an upgrade action). */
  upgradeDigest: number[];
  /** Bit `i` set once upgrade action `i`'s buffer was reclaimed (reclaim_buffer). */
  buffersReclaimed: number;
  /** Bit `i` set when propose took upgrade action `i`'s buffer from the proposer (the only buffers reclaim_buffer closes). */
  buffersHeld: number;
}

/** Most actions per proposal, and the bytes of one in `propose`'s packed `actions`. */
export const MAX_ACTIONS = 4;
export const ACTION_LEN = 42;

/** One typed action as proposed: its kind, target, new value and (for the kinds that take one) key. */
export interface ActionSpec {
  action: GovAction;
  target: number;
  value: BN;
  key?: PublicKey;
}

/** A proposal's action as stored: the spec and the value in force when proposed (the diff). */
export interface ProposalAction extends ActionSpec {
  oldValue: BN;
  key: PublicKey;
}

/** The proposal's actions, in execution order. */
export function proposalActions(p: ProposalAccount): ProposalAction[] {
  const count = Math.min(p.actionCount, MAX_ACTIONS);
  return Array.from({ length: count }, (_, i) => ({ action: p.kinds[i], target: p.targets[i], value: p.values[i], oldValue: p.oldValues[i], key: p.keys[i] }));
}

/** `propose`'s packed actions: kind (u8), target (u8), value (u64 LE), key (32 bytes, zero if none). */
export function packActions(actions: readonly ActionSpec[]): Buffer {
  return Buffer.concat(
    actions.map((a) => {
      const b = Buffer.alloc(ACTION_LEN);
      b.writeUInt8(a.action, 0);
      b.writeUInt8(a.target, 1);
      a.value.toArrayLike(Buffer, "le", 8).copy(b, 2);
      (a.key ?? PublicKey.default).toBuffer().copy(b, 10);
      return b;
    }),
  );
}


export interface VoteRecordState {
  choice: number;
  proposal: PublicKey;
  position: PublicKey;
  voter: PublicKey;
  power: BN;
}

type Info = Pick<AccountInfo<Buffer>, "data" | "owner">;
export const decodeGovernanceConfig = (info: Info, programId = IO_GOVERNANCE_PROGRAM_ID): GovernanceConfigState =>
  decodeOwned(info, programId, "GovernanceConfig", gen.decodeGovernanceConfig);
export const decodeProposal = (info: Info, programId = IO_GOVERNANCE_PROGRAM_ID): ProposalAccount =>
  decodeOwned(info, programId, "Proposal", gen.decodeProposal);
export const decodeVoteRecord = (info: Info, programId = IO_GOVERNANCE_PROGRAM_ID): VoteRecordState =>
  decodeOwned(info, programId, "VoteRecord", gen.decodeVoteRecord);

/** Every io_governance event in a transaction's logs, in order, attributed as Anchor's EventParser attributes them. */
export function parseIoGovernanceEvents(logs: string[], programId = IO_GOVERNANCE_PROGRAM_ID): ProgramEvent[] {
  return gen.parseIoGovernanceEvents(logs, programId);
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

/** `initialize`: the governance config (the upgrade authority, once). */
export function initializeGovernanceInstruction(
  args: GovernanceParams & { payer: PublicKey; guardian: PublicKey },
  programId = IO_GOVERNANCE_PROGRAM_ID,
): TransactionInstruction {
  const { votingPeriod, quorumBps, thresholdBps, timelock, gracePeriod, lateQuorumExtension, proposalThreshold, guardian } = args;
  return gen.initialize(
    { payer: args.payer, programData: programDataKey(programId)[0], config: governanceConfigKey(programId)[0] },
    { votingPeriod, quorumBps, thresholdBps, timelock, gracePeriod, lateQuorumExtension, proposalThreshold, guardian },
    programId,
  );
}

/** The config account an action reads and writes. */
export function actionTargetConfig(action: GovAction, target: number, programId = IO_GOVERNANCE_PROGRAM_ID): PublicKey {
  if (action === GovAction.JobParam) return paramTarget(target, programId).config;
  if (action === GovAction.OracleSet) return oracleConfigKey()[0];
  if (action === GovAction.Spend) return buybackConfigKey()[0];
  if (action === GovAction.Guardian) return target === GuardianTarget.Governance ? governanceConfigKey(programId)[0] : buybackConfigKey()[0];
  if (action === GovAction.AdminCall) {
    const c = ADMIN_CALLS[target];
    // An unknown call: io_jobs' config (the program refuses the target, InvalidAction).
    return c ? (c.accounts[0] as PublicKey) : jobsConfigKey()[0];
  }
  if (action === GovAction.Upgrade) {
    const u = UPGRADE_TARGETS[target];
    if (!u) throw new Error(`no upgrade target ${target}`);
    return programDataKey(u.program)[0];
  }
  const t = ADMIN_TARGETS[target];
  if (!t) throw new Error(`no admin target ${target}`);
  return t.config;
}

interface ProposeBase {
  proposer: PublicKey;
  /** The proposer's io_staking position. */
  position: PublicKey;
  /** The next proposal's index (the config's `proposalCount`). */
  index: BN | number;
  /** The oracle set of an oracle-set action (one per proposal). */
  members?: PublicKey[];
  /** The IO account the deposit is paid from (default: the proposer's associated IO account; unused when the deposit is 0). */
  proposerIo?: PublicKey;
}

/** `propose`'s arguments: several actions (`actions`, 1..=4, executed in order), or one given inline. */
export type ProposeArgs = ProposeBase & ({ actions: readonly ActionSpec[] } | ActionSpec);

/** The actions of `propose`/`execute` arguments, inline single action or list. */
function actionsOf(args: { actions: readonly ActionSpec[] } | ActionSpec): readonly ActionSpec[] {
  return "actions" in args ? args.actions : [args];
}

/** A spend, or an admin call that names an account: `propose` reads that account after the target configs. */
export function namesAccount(a: Pick<ActionSpec, "action" | "target">): boolean {
  return a.action === GovAction.Spend || (a.action === GovAction.AdminCall && (ADMIN_CALLS[a.target]?.accounts.includes("key") ?? false));
}

/** `propose`'s accounts before the actions' target configs. */
export const PROPOSE_FIXED_ACCOUNTS = 10;

/**
 * `propose`: 1 to 4 typed actions (see GovAction); the remaining accounts are each action's
 * target config (an upgrade's buffer, whose authority must be the proposer: propose hands it to
 * the executor). The deposit in force moves from `proposerIo` to the deposit vault.
 */
export function proposeInstruction(args: ProposeArgs, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  const actions = actionsOf(args);
  const remaining = [
    // An upgrade's buffer is writable: propose hands it from the proposer to the executor.
    ...actions.map((a) => (a.action === GovAction.Upgrade ? meta(a.key ?? PublicKey.default, true) : meta(actionTargetConfig(a.action, a.target, programId), false))),
    // The account each spend and each keyed admin call names, after all the target configs.
    ...actions.filter(namesAccount).map((a) => meta(a.key ?? PublicKey.default, false)),
    // Each upgrade's ProgramData (its upgrade authority must be the executor), after those.
    ...actions.filter((a) => a.action === GovAction.Upgrade).map((a) => meta(UPGRADE_TARGETS[a.target] ? programDataKey(UPGRADE_TARGETS[a.target].program)[0] : PublicKey.default, false)),
    // With any upgrade, the executor (the buffers' new authority) and the loader, last.
    ...(actions.some((a) => a.action === GovAction.Upgrade) ? [meta(executorKey(programId)[0], false), meta(BPF_LOADER_UPGRADEABLE_ID, false)] : []),
  ];
  return gen.propose(
    {
      proposer: args.proposer,
      config: governanceConfigKey(programId)[0],
      proposal: proposalKey(args.index, programId)[0],
      position: args.position,
      stakingConfig: stakingConfigKey()[0],
      proposerIo: args.proposerIo ?? ioAccountOf(args.proposer),
      depositVault: depositVaultKey(programId)[0],
      ioMint: ioMintKey()[0],
    },
    { index: new BN(args.index), actions: packActions(actions), members: args.members ?? [] },
    programId,
    remaining,
  );
}

/** `vote`: the position's power since the proposal's start epoch (lock it first: io_staking's lockPositionInstruction in the same transaction). */
export function voteInstruction(args: { voter: PublicKey; proposal: PublicKey; position: PublicKey; choice: VoteChoice }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  return gen.vote(
    {
      voter: args.voter,
      config: governanceConfigKey(programId)[0],
      proposal: args.proposal,
      position: args.position,
      voteRecord: voteRecordKey(args.proposal, args.position, programId)[0],
    },
    { choice: args.choice },
    programId,
  );
}

/** `queue`: a passed proposal after its voting (anyone but the guardian). */
export function queueInstruction(args: { caller: PublicKey; proposal: PublicKey }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  return gen.queue({ caller: args.caller, config: governanceConfigKey(programId)[0], proposal: args.proposal }, {}, programId);
}

/** An action as `execute` needs it: kind and target, and for a spend its destination (`key`). */
export type ExecuteAction = Pick<ActionSpec, "action" | "target" | "key">;

/** The program an action calls. */
function actionProgram(a: Pick<ActionSpec, "action" | "target">, programId: PublicKey): PublicKey | undefined {
  switch (a.action) {
    case GovAction.JobParam:
      return paramTarget(a.target, programId).program;
    case GovAction.OracleSet:
      return IO_ORACLE_PROGRAM_ID;
    case GovAction.Spend:
      return IO_BUYBACK_PROGRAM_ID;
    case GovAction.Guardian:
      return a.target === GuardianTarget.Governance ? programId : IO_BUYBACK_PROGRAM_ID;
    case GovAction.AdminCall:
      return ADMIN_CALLS[a.target]?.programId;
    case GovAction.Upgrade:
      return UPGRADE_TARGETS[a.target]?.program;
    default:
      return ADMIN_TARGETS[a.target]?.program;
  }
}

/**
 * The accounts one action takes in `execute`, in order: its program, its config, and for an
 * oracle set the price feed; for a spend the incentives vault, the USDC mint (`usdcMint`,
 * io_buyback's config's), the destination (the action's key), io_buyback's authority and SPL Token;
 * for a parameter of io_token's, io_token's config after its state; for an admin call, the
 * call's accounts after its config (ADMIN_CALLS, the key in its place).
 */
export function actionExecuteAccounts(a: ExecuteAction, usdcMint?: PublicKey, programId = IO_GOVERNANCE_PROGRAM_ID, spill?: PublicKey): ReturnType<typeof meta>[] {
  const program = actionProgram(a, programId);
  if (!program) throw new Error(`no admin target ${a.target}`);
  if (a.action === GovAction.AdminCall) {
    const c = ADMIN_CALLS[a.target];
    if (!c) throw new Error(`no admin call ${a.target}`);
    if (c.accounts.includes("key") && !a.key) throw new Error(`${c.name}'s execution needs its key (${c.key})`);
    return [meta(program, false), ...c.accounts.map((k, i) => meta(k === "key" ? (a.key ?? PublicKey.default) : k, c.writable[i]))];
  }
  if (a.action === GovAction.Upgrade) {
    // The program and its ProgramData, the buffer, the spill account (the proposer: it gets the
    // buffer's lamports), the Rent and Clock sysvars and the loader.
    if (!a.key || !spill) throw new Error("an upgrade's execution needs the buffer (the action's key) and the spill account (the proposer)");
    return [
      meta(program, true),
      meta(programDataKey(program)[0], true),
      meta(a.key, true),
      meta(spill, true),
      meta(SYSVAR_RENT_PUBKEY, false),
      meta(SYSVAR_CLOCK_PUBKEY, false),
      meta(BPF_LOADER_UPGRADEABLE_ID, false),
    ];
  }
  const keys = [meta(program, false), meta(actionTargetConfig(a.action, a.target, programId), true)];
  if (a.action === GovAction.JobParam) {
    const extra = paramTarget(a.target, programId).extra;
    if (extra) keys.push(meta(extra, false));
  }
  if (a.action === GovAction.OracleSet) keys.push(meta(priceFeedKey()[0], true));
  if (a.action === GovAction.Spend) {
    if (!usdcMint || !a.key) throw new Error("a spend's execution needs the USDC mint and the destination");
    keys.push(meta(incentivesVaultKey()[0], true), meta(usdcMint, false), meta(a.key, true), meta(buybackAuthorityKey()[0], false), meta(TOKEN_PROGRAM_ID, false));
  }
  return keys;
}

/**
 * `execute`: a queued proposal's actions, in order, after its timelock (anyone but the guardian);
 * `actions` as `proposalActions` reads them; `spill` (the proposal's proposer) for an upgrade.
 */
export function executeInstruction(
  args: { caller: PublicKey; proposal: PublicKey; usdcMint?: PublicKey; spill?: PublicKey } & ({ actions: readonly ExecuteAction[] } | ExecuteAction),
  programId = IO_GOVERNANCE_PROGRAM_ID,
): TransactionInstruction {
  const actions = "actions" in args ? args.actions : [args];
  return gen.execute(
    { caller: args.caller, config: governanceConfigKey(programId)[0], proposal: args.proposal, executor: executorKey(programId)[0] },
    {},
    programId,
    actions.flatMap((a) => actionExecuteAccounts(a, args.usdcMint, programId, args.spill)),
  );
}

/** `cancel`: the proposer, while the proposal is being voted on (before its end). */
export function cancelInstruction(args: { proposer: PublicKey; proposal: PublicKey }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  return gen.cancel({ proposer: args.proposer, proposal: args.proposal }, {}, programId);
}

/** `veto`: the guardian, on a queued proposal during its timelock (before its eta). */
export function vetoInstruction(args: { guardian: PublicKey; proposal: PublicKey }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  return gen.veto({ guardian: args.guardian, config: governanceConfigKey(programId)[0], proposal: args.proposal }, {}, programId);
}

/**
 * `accept_admin`: anyone completes a hand-over the admin started. Program `target` (an index of
 * ADMIN_TARGETS) must have the executor as its pending admin (its own propose_admin); its
 * accept_admin is then called with the executor signing, without a vote.
 */
export function acceptGovernanceAdminInstruction(args: { target: number }, programId = IO_GOVERNANCE_PROGRAM_ID): TransactionInstruction {
  const t = ADMIN_TARGETS[args.target];
  if (!t) throw new Error(`no admin target ${args.target}`);
  return gen.acceptAdmin(
    { config: governanceConfigKey(programId)[0], executor: executorKey(programId)[0], targetProgram: t.program, targetConfig: t.config },
    { target: args.target },
    programId,
  );
}

/**
 * `refund_deposit`: anyone returns a proposal's deposit to an IO account of its proposer
 * (`proposerIo`, default the proposer's associated IO account) once the proposal is out of Voting.
 */
export function refundDepositInstruction(
  args: { proposal: PublicKey; proposer: PublicKey; proposerIo?: PublicKey },
  programId = IO_GOVERNANCE_PROGRAM_ID,
): TransactionInstruction {
  return gen.refundDeposit(
    { proposal: args.proposal, depositVault: depositVaultKey(programId)[0], proposerIo: args.proposerIo ?? ioAccountOf(args.proposer), ioMint: ioMintKey()[0] },
    {},
    programId,
  );
}

/**
 * `reclaim_buffer`: anyone closes the buffer of upgrade action `position` of a proposal that can
 * never execute (defeated, expired, cancelled or vetoed); the loader pays its lamports to the
 * proposal's proposer (`proposer`). Once per action.
 */
export function reclaimBufferInstruction(
  args: { proposal: PublicKey; position: number; buffer: PublicKey; proposer: PublicKey },
  programId = IO_GOVERNANCE_PROGRAM_ID,
): TransactionInstruction {
  return gen.reclaimBuffer(
    { proposal: args.proposal, buffer: args.buffer, proposer: args.proposer, executor: executorKey(programId)[0] },
    { position: args.position },
    programId,
  );
}
