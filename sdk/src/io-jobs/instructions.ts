/** io_jobs instruction builders: each returns one instruction, with accounts in the program's order. */
import { Buffer } from "buffer";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { AccountMeta, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { accountMeta as meta } from "../anchor";
import { oracleConfigKey, priceFeedKey } from "../io-oracle";
import { IO_TOKEN_PROGRAM_ID } from "../io-token/constants";
import { iosdMintKey, iosdStateKey } from "../io-token/iosd";
import { ioMintKey, programDataKey } from "../io-token/pdas";
import { ioJobsCoder, NodeTerms } from "./accounts";
import { BUYBACK_USDC_VAULT, INCENTIVES_VAULT } from "./buyback";
import {
  Currency,
  CurrencyAccounts,
  currencyAccounts,
  escrowKey,
  feeVaultKey,
  ioTokenAuthority,
  IO_JOBS_PROGRAM_ID,
  jobKey,
  jobsAuthorityKey,
  jobsConfigKey,
  nodeKey,
  userProfileKey,
} from "./pdas";

function ix(name: string, keys: AccountMeta[], args: object, programId: PublicKey): TransactionInstruction {
  return new TransactionInstruction({ programId, keys, data: ioJobsCoder.instruction.encode(name, args) });
}

/** `register_node`: signed (and paid) by the owner. */
export function registerNodeInstruction(args: { owner: PublicKey; deviceId: Buffer } & NodeTerms, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.owner, true, true), meta(nodeKey(args.owner, args.deviceId, programId)[0], true), meta(SystemProgram.programId, false)];
  const { hardwareClass, pricePerHour, usdShareBps } = args;
  return ix("registerNode", keys, { deviceId: Array.from(args.deviceId), hardwareClass, pricePerHour, usdShareBps }, programId);
}

/** `update_node`: only the owner. */
export function updateNodeInstruction(args: { owner: PublicKey; node: PublicKey } & NodeTerms, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const { hardwareClass, pricePerHour, usdShareBps } = args;
  return ix("updateNode", [meta(args.owner, false, true), meta(args.node, true)], { hardwareClass, pricePerHour, usdShareBps }, programId);
}

/** `retire_node`: only the owner, with no open job and nothing left to claim; the rent returns to it. */
export function retireNodeInstruction(args: { owner: PublicKey; node: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return ix("retireNode", [meta(args.owner, true, true), meta(args.node, true)], {}, programId);
}

export interface JobsParams {
  networkFeeBps: number;
  usdcSupplierFeeBps: number;
  facilitationFeeBps: number;
  /** Seconds after accepted usage (or the end) during which the user may dispute. */
  challengeWindow: number;
  /** Seconds after opening before a job with no usage may be refunded by anyone. */
  startTimeout: number;
  /** IO is valued at price - confMultiple x confidence. */
  confMultiple: number;
  /** Oldest IO/USD price accepted for an IO payment, seconds. */
  maxPriceAge: number;
  /** Seconds a dispute may stay open: after that the job settles on its accepted usage (the usage round's figure, which votes during the dispute may have raised). */
  disputeWindow: number;
  /** The share of USDC fees (network, supplier, facilitation) swept to io_buyback's USDC vault; the rest goes to its USD-incentives vault. USDC token shares go to the buyback in full. */
  feeBuybackBps: number;
}

/** The protocol's defaults (PROTOCOL.md): 5% network fee, 2% for USDC suppliers and users. */
export const DEFAULT_JOBS_PARAMS: JobsParams = {
  networkFeeBps: 500,
  usdcSupplierFeeBps: 200,
  facilitationFeeBps: 200,
  challengeWindow: 3_600,
  startTimeout: 3_600,
  confMultiple: 2,
  maxPriceAge: 600,
  disputeWindow: 259_200,
  feeBuybackBps: 8_000,
};

/** `initialize`: the jobs config and the escrows and fee vaults of USDC and IO; signed by the upgrade authority. */
export function initializeJobsInstruction(args: { payer: PublicKey; usdcMint: PublicKey } & JobsParams, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const [ioMint] = ioMintKey();
  const keys = [
    meta(args.payer, true, true),
    meta(programDataKey(programId)[0], false),
    meta(jobsConfigKey(programId)[0], true),
    meta(jobsAuthorityKey(programId)[0], false),
    meta(args.usdcMint, false),
    meta(escrowKey(args.usdcMint, programId)[0], true),
    meta(feeVaultKey(args.usdcMint, programId)[0], true),
    meta(ioMint, false),
    meta(escrowKey(ioMint, programId)[0], true),
    meta(feeVaultKey(ioMint, programId)[0], true),
    meta(iosdMintKey()[0], false),
    meta(iosdStateKey()[0], false),
    meta(TOKEN_PROGRAM_ID, false),
    meta(TOKEN_2022_PROGRAM_ID, false),
    meta(SystemProgram.programId, false),
  ];
  return ix("initialize", keys, paramsOf(args), programId);
}

function paramsOf(p: JobsParams): JobsParams {
  const { networkFeeBps, usdcSupplierFeeBps, facilitationFeeBps, challengeWindow, startTimeout, confMultiple, maxPriceAge, disputeWindow, feeBuybackBps } = p;
  return { networkFeeBps, usdcSupplierFeeBps, facilitationFeeBps, challengeWindow, startTimeout, confMultiple, maxPriceAge, disputeWindow, feeBuybackBps };
}

/** `set_job_params`: admin only. */
export function setJobParamsInstruction(args: { admin: PublicKey } & JobsParams, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return ix("setJobParams", [meta(args.admin, false, true), meta(jobsConfigKey(programId)[0], true)], paramsOf(args), programId);
}

/** `propose_admin`: step one of the admin hand-over. */
export function proposeJobsAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return ix("proposeAdmin", [meta(args.admin, false, true), meta(jobsConfigKey(programId)[0], true)], { newAdmin: args.newAdmin }, programId);
}

/** `accept_admin`: step two, signed by the proposed admin. */
export function acceptJobsAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return ix("acceptAdmin", [meta(args.newAdmin, false, true), meta(jobsConfigKey(programId)[0], true)], {}, programId);
}

/** Where a job's money is: its currency, and USDC's mint (the other mints are PDAs). */
export interface JobMoney {
  currency: Currency;
  usdcMint: PublicKey;
}

export interface OpenJobArgs extends JobMoney {
  user: PublicKey;
  node: PublicKey;
  nonce: BN;
  hours: number;
  /** The user's own token account of the currency. */
  userToken: PublicKey;
  /**
   * The most the user's account may be debited (payment + facilitation fee, in the currency's
   * base units; for IO, the IO amount): open_job fails with PaymentAboveMax above it, so a
   * node's owner raising its price in front of the user cannot overcharge. `quoteJob` gives the
   * amount at the node's current terms.
   */
  maxPayment: BN;
}

/** `open_job`: pays the job in full into escrow (USDC adds the facilitation fee; IO at the oracle price), at most `maxPayment`. */
export function openJobInstruction(args: OpenJobArgs, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const keys = [
    meta(args.user, true, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(args.node, true),
    meta(jobKey(args.user, args.nonce, programId)[0], true),
    meta(args.userToken, true),
    meta(c.mint, true),
    meta(c.vault, true),
    meta(jobsAuthorityKey(programId)[0], false),
    meta(priceFeedKey()[0], false),
    meta(c.tokenProgram, false),
    meta(IO_TOKEN_PROGRAM_ID, false),
    meta(SystemProgram.programId, false),
    meta(userProfileKey(args.user, programId)[0], true),
  ];
  return ix("openJob", keys, { nonce: args.nonce, hours: args.hours, currency: args.currency, maxPayment: args.maxPayment }, programId);
}

/** A job and the accounts its exit pays. */
export interface JobExitArgs extends JobMoney {
  job: PublicKey;
  node: PublicKey;
  user: PublicKey;
  /** The user's own token account of the job's currency (refunds go only there). */
  userToken: PublicKey;
}

/** The accounts a job's money moves through, in the exits' order: mint, escrow, authority, token program, io_token and its mint authority (for IOSD). */
function moneyKeys(c: CurrencyAccounts, programId: PublicKey): AccountMeta[] {
  return [
    meta(c.mint, true),
    meta(c.vault, true),
    meta(jobsAuthorityKey(programId)[0], false),
    meta(c.tokenProgram, false),
    meta(IO_TOKEN_PROGRAM_ID, false),
    meta(ioTokenAuthority(), false),
  ];
}

/** `cancel_job`: before any usage is accepted, the user takes everything back. */
export function cancelJobInstruction(args: JobExitArgs, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const keys = [
    meta(args.user, true, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(args.job, true),
    meta(args.node, true),
    meta(args.userToken, true),
    ...moneyKeys(c, programId),
  ];
  return ix("cancelJob", keys, {}, programId);
}

/** `refund_unstarted`: after the start timeout with no usage, anyone refunds the user in full. */
export function refundUnstartedInstruction(args: JobExitArgs & { caller: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const keys = [
    meta(args.caller, false, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(args.job, true),
    meta(args.node, true),
    meta(args.userToken, true),
    meta(args.user, true),
    ...moneyKeys(c, programId),
  ];
  return ix("refundUnstarted", keys, {}, programId);
}

/** `attest_usage`: an oracle of io_oracle's current set attests the job's cumulative hours. */
export function attestUsageInstruction(args: { oracle: PublicKey; job: PublicKey; hours: number }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.oracle, false, true), meta(oracleConfigKey()[0], false), meta(args.job, true)];
  return ix("attestUsage", keys, { hours: args.hours }, programId);
}

/** `end_job`: the job's user, or the owner of its node (`node`, the job's), ends the job early. */
export function endJobInstruction(args: { caller: PublicKey; job: PublicKey; node: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return ix("endJob", [meta(args.caller, false, true), meta(args.job, true), meta(args.node, false)], {}, programId);
}

/** `dispute_job`: the user disputes accepted usage inside its challenge window. */
export function disputeJobInstruction(args: { user: PublicKey; job: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return ix("disputeJob", [meta(args.user, false, true), meta(args.job, true)], {}, programId);
}

/** `resolve_dispute`: the admin sets the final hours of a disputed job. */
export function resolveDisputeInstruction(args: { admin: PublicKey; job: PublicKey; hours: number }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.admin, false, true), meta(jobsConfigKey(programId)[0], false), meta(args.job, true)];
  return ix("resolveDispute", keys, { hours: args.hours }, programId);
}

/** One job of a settlement batch. */
export interface SettleJob {
  job: PublicKey;
  node: PublicKey;
  user: PublicKey;
  userToken: PublicKey;
  /**
   * The job's referrer (`JobState.referrer`) when it opened with a referral share
   * (`referralBps` > 0): its profile follows the job's four accounts. `settleJobFromState` fills it.
   */
  referrer?: PublicKey;
}

/** A settlement entry for a decoded job: its accounts, with its referrer when it pays one. */
export function settleJobFromState(job: PublicKey, state: { node: PublicKey; user: PublicKey; referrer: PublicKey; referralBps: number }, userToken: PublicKey): SettleJob {
  return { job, node: state.node, user: state.user, userToken, referrer: state.referralBps > 0 ? state.referrer : undefined };
}

/** `settle_jobs`: one instruction settling `jobs` (all of `currency`); anyone may send it. */
export function settleJobsInstruction(args: JobMoney & { caller: PublicKey; jobs: SettleJob[] }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const keys = [
    meta(args.caller, false, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(c.mint, true),
    meta(c.vault, true),
    meta(c.feeVault, true),
    meta(jobsAuthorityKey(programId)[0], false),
    meta(c.tokenProgram, false),
    meta(IO_TOKEN_PROGRAM_ID, false),
    meta(ioTokenAuthority(), false),
    ...args.jobs.flatMap((j) => [
      meta(j.job, true),
      meta(j.node, true),
      meta(j.userToken, true),
      meta(j.user, true),
      ...(j.referrer ? [meta(userProfileKey(j.referrer, programId)[0], true)] : []),
    ]),
  ];
  return ix("settleJobs", keys, {}, programId);
}

/** `claim_earnings`: the node's owner withdraws its earnings in `currency` to `to`. */
export function claimEarningsInstruction(args: JobMoney & { owner: PublicKey; node: PublicKey; to: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const keys = [
    meta(args.owner, false, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(args.node, true),
    meta(args.to, true),
    ...moneyKeys(c, programId),
  ];
  return ix("claimEarnings", keys, {}, programId);
}

/** `register_referral`: the user joins naming its referrer (`PublicKey.default` for none), before its first job; it pays its profile's rent. */
export function registerReferralInstruction(args: { user: PublicKey; referrer: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const none = args.referrer.equals(PublicKey.default);
  const keys = [
    meta(args.user, true, true),
    meta(jobsConfigKey(programId)[0], false),
    meta(userProfileKey(args.user, programId)[0], true),
    meta(none ? userProfileKey(args.user, programId)[0] : userProfileKey(args.referrer, programId)[0], true),
    meta(SystemProgram.programId, false),
  ];
  return ix("registerReferral", keys, { referrer: args.referrer }, programId);
}

/** `claim_referral`: the referrer withdraws its referral income in `currency` to `to`. */
export function claimReferralInstruction(args: JobMoney & { referrer: PublicKey; to: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const keys = [
    meta(args.referrer, false, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(userProfileKey(args.referrer, programId)[0], true),
    meta(args.to, true),
    ...moneyKeys(c, programId),
  ];
  return ix("claimReferral", keys, {}, programId);
}

/** The referral terms (`set_referral_params`). */
export interface ReferralParams {
  /** The referrer's share of a referred user's network fee, basis points (at most 5,000). */
  referralBps: number;
  /** Seconds after a user joins during which its jobs pay its referrer (at most 5 years). */
  referralPeriod: number;
  /** The most USD (6 decimals) one referrer can ever earn. */
  referralCapUsd: BN;
}

/** The referral terms a deployment starts with: 20% of the network fee (1% of a job's pay at the 5% fee) for a year after the referred user joins, at most $10,000 per referrer. */
export const DEFAULT_REFERRAL_PARAMS: ReferralParams = { referralBps: 2_000, referralPeriod: 365 * 86_400, referralCapUsd: new BN(10_000_000_000) };

/** `set_referral_params`: admin (governance) only. */
export function setReferralParamsInstruction(args: { admin: PublicKey } & ReferralParams, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.admin, false, true), meta(jobsConfigKey(programId)[0], true)];
  return ix("setReferralParams", keys, { referralBps: args.referralBps, referralPeriod: args.referralPeriod, referralCapUsd: args.referralCapUsd }, programId);
}

/** `sweep_io_fees`: anyone burns the IO fee vault's unswept fees and token shares. */
export function sweepIoFeesInstruction(args: { caller: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const [ioMint] = ioMintKey();
  const keys = [
    meta(args.caller, false, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(ioMint, true),
    meta(feeVaultKey(ioMint, programId)[0], true),
    meta(jobsAuthorityKey(programId)[0], false),
    meta(TOKEN_2022_PROGRAM_ID, false),
  ];
  return ix("sweepIoFees", keys, {}, programId);
}

/** `sweep_usdc_fees`: anyone moves the USDC fee vault's unswept amount to io_buyback's USDC vault (token shares + `feeBuybackBps` of the fees) and its incentives vault (the rest). */
export function sweepUsdcFeesInstruction(args: { caller: PublicKey; usdcMint: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.caller, false, true),
    meta(jobsConfigKey(programId)[0], true),
    meta(args.usdcMint, false),
    meta(feeVaultKey(args.usdcMint, programId)[0], true),
    meta(BUYBACK_USDC_VAULT, true),
    meta(INCENTIVES_VAULT, true),
    meta(jobsAuthorityKey(programId)[0], false),
    meta(TOKEN_PROGRAM_ID, false),
  ];
  return ix("sweepUsdcFees", keys, {}, programId);
}

/** `prove_reserves`: anyone checks the escrows, fee vaults and IOSD held against the books (read-only; one `reservesProven` event per vault). */
export function proveJobsReservesInstruction(args: { usdcMint: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const usdc = currencyAccounts(Currency.Usdc, args.usdcMint, programId);
  const io = currencyAccounts(Currency.Io, args.usdcMint, programId);
  const keys = [
    meta(jobsConfigKey(programId)[0], false),
    meta(usdc.vault, false),
    meta(usdc.feeVault, false),
    meta(io.vault, false),
    meta(io.feeVault, false),
    meta(iosdStateKey()[0], false),
  ];
  return ix("proveReserves", keys, {}, programId);
}
