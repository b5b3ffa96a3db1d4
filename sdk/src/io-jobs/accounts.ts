/** io_jobs: the account decoders and events. */
import { Buffer } from "buffer";
import { BorshCoder } from "@coral-xyz/anchor";
import { AccountInfo, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeAccount, offlineCoder, parseEvents, ProgramEvent } from "../anchor";
import { IO_JOBS_IDL } from "../idl/io_jobs";
import { IO_JOBS_PROGRAM_ID } from "./pdas";

/** io_jobs' Anchor coder with camelCase names, as `Program` builds it. */
export const ioJobsCoder: BorshCoder = /* @__PURE__ */ offlineCoder(IO_JOBS_IDL);

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
}


export function decodeNode(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): NodeState {
  return decodeAccount<NodeState>(ioJobsCoder, "node", info, programId);
}

export function decodeJob(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): JobState {
  return decodeAccount<JobState>(ioJobsCoder, "job", info, programId);
}

export function decodeUserProfile(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): UserProfileState {
  return decodeAccount<UserProfileState>(ioJobsCoder, "userProfile", info, programId);
}

export function decodeJobsConfig(info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_JOBS_PROGRAM_ID): JobsConfigState {
  return decodeAccount<JobsConfigState>(ioJobsCoder, "jobsConfig", info, programId);
}

export function parseIoJobsEvents(logs: string[], programId = IO_JOBS_PROGRAM_ID): ProgramEvent[] {
  return parseEvents(logs, programId, ioJobsCoder);
}
