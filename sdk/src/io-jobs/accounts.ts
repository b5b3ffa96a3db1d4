/** io_jobs: the account decoders and events (the generated decoders behind an owner check). */
import { Buffer } from "buffer";
import { AccountInfo, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeOwned, ProgramEvent } from "../anchor";
import * as gen from "./generated";
import { IO_JOBS_PROGRAM_ID } from "./pdas";

export interface NodeTerms {
  hardwareClass: number;
  /** USD per GPU-hour, 6 decimals. */
  pricePerHour: BN;
  /** USD share of payouts in basis points; the rest is the token share. */
  usdShareBps: number;
}

export interface NodeState extends NodeTerms {
  owner: PublicKey;
  deviceId: number[];
  registeredAt: BN;
  openJobs: number;
  /** Unclaimed earnings per currency (USDC, IO, IOSD), base units. */
  earnings: BN[];
  /** USD (6 decimals) of the token shares of its settled jobs. */
  computingPoints: BN;
  /** The owner's referrer, the end of its period and its share of the supplier fee (bps), fixed at registration (zeros: none). */
  referrer: PublicKey;
  referralUntil: BN;
  referralBps: number;
}

/** Job states and dispute states. */
export const JOB_OPEN = 1;
export const JOB_ENDED = 2;
export const DISPUTE_NONE = 0;
export const DISPUTE_OPEN = 1;
export const DISPUTE_RESOLVED = 2;

export interface JobState {
  state: number;
  currency: number;
  dispute: number;
  user: PublicKey;
  node: PublicKey;
  nonce: BN;
  hours: number;
  challengeWindow: number;
  pricePerHour: BN;
  usdShareBps: number;
  amountUsd: BN;
  /** Held for the service, in the currency's base units. */
  payment: BN;
  facilitationFee: BN;
  openedAt: BN;
  endedAt: BN;
  attestedHours: number;
  settleAfter: BN;
  /** The oracle set version of both rounds (a new set starts them afresh). */
  attestVersion: number;
  /** The usage round: members that attested (bit i: member i) and their cumulative figures; it goes on through a dispute. */
  attestMask: number;
  attestHours: number[];
  /** The dispute round (while a dispute is open): members that voted in it and their fresh figures. */
  disputeMask: number;
  disputeHours: number[];
  /** The highest figure any oracle ever attested for the job (hours on record as served). */
  highestVote: number;
  /** Fixed at opening from the config: the network fee, the supplier fee (USDC jobs; 0 otherwise), the start timeout and the dispute window. */
  networkFeeBps: number;
  supplierFeeBps: number;
  startTimeout: number;
  disputeWindow: number;
  /** When an open dispute lapses (0 until disputed): from then on the job settles on its accepted usage (the usage round's figure). */
  disputeDeadline: BN;
  /** The user's referrer and its share of the network fee, fixed at opening (0: none; settlement then takes no referrer profile). */
  referrer: PublicKey;
  referralBps: number;
  /** The node owner's referrer and its share of the supplier fee, copied from the node at opening inside its period (0: none). */
  nodeReferrer: PublicKey;
  nodeReferralBps: number;
  /** The discount off the config's network fee (bps) the user's reputation earned at opening; `networkFeeBps` is net of it. */
  discountBps: number;
  /** The usage accepted when the user disputed (0 if never): settled on at least this, the dispute is lost. */
  disputedHours: number;
  /** 1 when the job's user ended it (end_job signed by the user): only then can a started job with nothing served be an abandoned strike. */
  endedByUser: number;
}

/** A user's profile: its referrer, and as a referrer its referral income. */
export interface UserProfileState {
  user: PublicKey;
  /** PublicKey.default for none. */
  referrer: PublicKey;
  joinedAt: BN;
  /** Jobs opened before this pay the referrer. */
  referralUntil: BN;
  referees: number;
  /** USD (6 decimals) of referral income ever credited (at most the cap). */
  referralUsd: BN;
  /** Per currency (USDC, IO, IOSD): owed (claimable) and claimed. */
  referralOwed: BN[];
  referralClaimed: BN[];
  /** Reputation as a user (moved by `settle_jobs` only; each only rises): jobs settled, hours served and their USD, USD of network fees paid, disputes lost, jobs abandoned (settled with no hour served). */
  jobsSettled: number;
  hoursPaid: BN;
  paidUsd: BN;
  feesUsd: BN;
  disputesLost: number;
  abandoned: number;
  /** Conduct the chain cannot see (`attest_reputation`): the oracle set version of the round, the members that voted (bit i: member i), each one's penalty (bps), and the penalty a quorum agreed on from both sides (bps off the score; 0 until then). */
  conductVersion: number;
  conductMask: number;
  conductVotes: number[];
  conductPenaltyBps: number;
  /** As a referrer: the part of `referralUsd` credited from referred node owners' supplier fees. */
  supplierReferralUsd: BN;
}

export interface JobsConfigState {
  admin: PublicKey;
  pendingAdmin: PublicKey;
  mints: PublicKey[];
  vaults: PublicKey[];
  feeVaults: PublicKey[];
  networkFeeBps: number;
  usdcSupplierFeeBps: number;
  facilitationFeeBps: number;
  challengeWindow: number;
  startTimeout: number;
  confMultiple: number;
  maxPriceAge: number;
  disputeWindow: number;
  fees: BN[];
  buyback: BN[];
  buybackUsd: BN;
  /** USDC ever swept to io_buyback's USDC vault, and to its incentives vault. */
  toBuyback: BN;
  toIncentives: BN;
  /** The share of USDC fees swept to the buyback (basis points). */
  feeBuybackBps: number;
  /** Per currency: what the fee vault already released of `fees`, and of `buyback`. */
  sweptFees: BN[];
  sweptBuyback: BN[];
  /** IO ever burned from the IO fee vault. */
  ioBurned: BN;
  /** Per currency: payment + facilitation fee held for open jobs, and settled USD shares not yet claimed. */
  escrowed: BN[];
  earned: BN[];
  /** The referral terms: share of the network fee (bps), period (s), cap per referrer (USD, 6 decimals). */
  referralBps: number;
  referralPeriod: number;
  referralCapUsd: BN;
  /** Per currency: referral income owed (in escrow) and ever credited. */
  referralOwed: BN[];
  referralCredited: BN[];
  /** The discount table: per tier, the score (USD, 6 decimals) from which it applies and its discount off the network fee (bps); the USD a strike takes off a score. */
  discountUsd: BN[];
  discountBps: number[];
  strikeUsd: BN;
}


export function decodeNode(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): NodeState {
  return decodeOwned(info, programId, "Node", gen.decodeNode);
}

export function decodeJob(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): JobState {
  return decodeOwned(info, programId, "Job", gen.decodeJob);
}

export function decodeUserProfile(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): UserProfileState {
  return decodeOwned(info, programId, "UserProfile", gen.decodeUserProfile);
}

export function decodeJobsConfig(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): JobsConfigState {
  return decodeOwned(info, programId, "JobsConfig", gen.decodeJobsConfig);
}

/** Every io_jobs event in a transaction's logs, in order, attributed as Anchor's EventParser attributes them. */
export function parseIoJobsEvents(logs: string[], programId = IO_JOBS_PROGRAM_ID): ProgramEvent[] {
  return gen.parseIoJobsEvents(logs, programId);
}
