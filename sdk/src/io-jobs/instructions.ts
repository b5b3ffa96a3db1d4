/**
 * io_jobs instruction builders: each returns one instruction. They are thin wrappers over the
 * generated builders (./generated.ts, from the IDL: accounts, flags and data encoding), which
 * resolve the PDAs and per-currency accounts the caller does not name.
 */
import { Buffer } from "buffer";
import { AccountMeta, PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { oracleConfigKey, priceFeedKey } from "../io-oracle";
import { iosdMintKey, iosdStateKey, ioMintKey, programDataKey } from "../io-token/pdas";
import type { NodeTerms } from "./accounts";
import * as gen from "./generated";

function meta(pubkey: PublicKey, isWritable: boolean): AccountMeta {
  return { pubkey, isWritable, isSigner: false };
}
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


/** `register_node`: signed (and paid) by the owner. */
export function registerNodeInstruction(args: { owner: PublicKey; deviceId: Buffer } & NodeTerms, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const { hardwareClass, pricePerHour, usdShareBps } = args;
  const accounts = {
    owner: args.owner,
    node: nodeKey(args.owner, args.deviceId, programId)[0],
    config: jobsConfigKey(programId)[0],
    // The owner joins here if it had not (no referrer); a referred owner's node keeps its referrer.
    profile: userProfileKey(args.owner, programId)[0],
  };
  return gen.registerNode(accounts, { deviceId: args.deviceId, hardwareClass, pricePerHour, usdShareBps }, programId);
}

/** `update_node`: only the owner. */
export function updateNodeInstruction(args: { owner: PublicKey; node: PublicKey } & NodeTerms, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const { hardwareClass, pricePerHour, usdShareBps } = args;
  return gen.updateNode({ owner: args.owner, node: args.node }, { hardwareClass, pricePerHour, usdShareBps }, programId);
}

/** `retire_node`: only the owner, with no open job and nothing left to claim; the rent returns to it. */
export function retireNodeInstruction(args: { owner: PublicKey; node: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.retireNode({ owner: args.owner, node: args.node }, {}, programId);
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
  const accounts = {
    payer: args.payer,
    programData: programDataKey(programId)[0],
    config: jobsConfigKey(programId)[0],
    authority: jobsAuthorityKey(programId)[0],
    usdcMint: args.usdcMint,
    usdcEscrow: escrowKey(args.usdcMint, programId)[0],
    usdcFeeVault: feeVaultKey(args.usdcMint, programId)[0],
    ioMint,
    ioEscrow: escrowKey(ioMint, programId)[0],
    ioFeeVault: feeVaultKey(ioMint, programId)[0],
    iosdMint: iosdMintKey()[0],
    iosdState: iosdStateKey()[0],
  };
  return gen.initialize(accounts, paramsOf(args), programId);
}

function paramsOf(p: JobsParams): JobsParams {
  const { networkFeeBps, usdcSupplierFeeBps, facilitationFeeBps, challengeWindow, startTimeout, confMultiple, maxPriceAge, disputeWindow, feeBuybackBps } = p;
  return { networkFeeBps, usdcSupplierFeeBps, facilitationFeeBps, challengeWindow, startTimeout, confMultiple, maxPriceAge, disputeWindow, feeBuybackBps };
}

/** `set_job_params`: admin only. */
export function setJobParamsInstruction(args: { admin: PublicKey } & JobsParams, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.setJobParams({ admin: args.admin, config: jobsConfigKey(programId)[0] }, paramsOf(args), programId);
}

/** `propose_admin`: step one of the admin hand-over. */
export function proposeJobsAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.proposeAdmin({ admin: args.admin, config: jobsConfigKey(programId)[0] }, { newAdmin: args.newAdmin }, programId);
}

/** `accept_admin`: step two, signed by the proposed admin. */
export function acceptJobsAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.acceptAdmin({ newAdmin: args.newAdmin, config: jobsConfigKey(programId)[0] }, {}, programId);
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
  const accounts = {
    user: args.user,
    config: jobsConfigKey(programId)[0],
    node: args.node,
    job: jobKey(args.user, args.nonce, programId)[0],
    userToken: args.userToken,
    mint: c.mint,
    vault: c.vault,
    authority: jobsAuthorityKey(programId)[0],
    priceFeed: priceFeedKey()[0],
    tokenProgram: c.tokenProgram,
    profile: userProfileKey(args.user, programId)[0],
  };
  return gen.openJob(accounts, { nonce: args.nonce, hours: args.hours, currency: args.currency, maxPayment: args.maxPayment }, programId);
}

/** A job and the accounts its exit pays. */
export interface JobExitArgs extends JobMoney {
  job: PublicKey;
  node: PublicKey;
  user: PublicKey;
  /** The user's own token account of the job's currency (refunds go only there). */
  userToken: PublicKey;
}

/** The accounts a job's money moves through (the exits' mint, escrow, authority, token program and io_token's mint authority, for IOSD). */
function moneyAccounts(c: CurrencyAccounts, programId: PublicKey): { mint: PublicKey; vault: PublicKey; authority: PublicKey; tokenProgram: PublicKey; ioTokenAuthority: PublicKey } {
  return { mint: c.mint, vault: c.vault, authority: jobsAuthorityKey(programId)[0], tokenProgram: c.tokenProgram, ioTokenAuthority: ioTokenAuthority() };
}

/** `cancel_job`: before any usage is accepted, the user takes everything back. */
export function cancelJobInstruction(args: JobExitArgs, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const accounts = { user: args.user, config: jobsConfigKey(programId)[0], job: args.job, node: args.node, userToken: args.userToken, ...moneyAccounts(c, programId) };
  return gen.cancelJob(accounts, {}, programId);
}

/** `refund_unstarted`: after the start timeout with no usage, anyone refunds the user in full. */
export function refundUnstartedInstruction(args: JobExitArgs & { caller: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const accounts = { caller: args.caller, config: jobsConfigKey(programId)[0], job: args.job, node: args.node, userToken: args.userToken, user: args.user, ...moneyAccounts(c, programId) };
  return gen.refundUnstarted(accounts, {}, programId);
}

/** `attest_usage`: an oracle of io_oracle's current set attests the job's cumulative hours. */
export function attestUsageInstruction(args: { oracle: PublicKey; job: PublicKey; hours: number }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.attestUsage({ oracle: args.oracle, oracleConfig: oracleConfigKey()[0], job: args.job }, { hours: args.hours }, programId);
}

/** `attest_reputation`: an oracle of the current set attests `user`'s conduct the chain cannot see, as `penaltyBps` off its score (0..=10,000); the profile keeps the figure a quorum agrees on from both sides. */
export function attestReputationInstruction(args: { oracle: PublicKey; user: PublicKey; penaltyBps: number }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.attestReputation({ oracle: args.oracle, oracleConfig: oracleConfigKey()[0], profile: userProfileKey(args.user, programId)[0] }, { penaltyBps: args.penaltyBps }, programId);
}

/** `end_job`: the job's user, or the owner of its node (`node`, the job's), ends the job early. */
export function endJobInstruction(args: { caller: PublicKey; job: PublicKey; node: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.endJob({ caller: args.caller, job: args.job, node: args.node }, {}, programId);
}

/** `dispute_job`: the user disputes accepted usage inside its challenge window. */
export function disputeJobInstruction(args: { user: PublicKey; job: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.disputeJob({ user: args.user, job: args.job }, {}, programId);
}

/** `resolve_dispute`: the admin sets the final hours of a disputed job. */
export function resolveDisputeInstruction(args: { admin: PublicKey; job: PublicKey; hours: number }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  return gen.resolveDispute({ admin: args.admin, config: jobsConfigKey(programId)[0], job: args.job }, { hours: args.hours }, programId);
}

/** One job of a settlement batch. */
export interface SettleJob {
  job: PublicKey;
  node: PublicKey;
  user: PublicKey;
  userToken: PublicKey;
  /**
   * The job's referrer (`JobState.referrer`) when it opened with a referral share
   * (`referralBps` > 0): its profile follows the job's five accounts. `settleJobFromState` fills it.
   */
  referrer?: PublicKey;
  /** The user's profile, whose reputation the settlement moves; derived from `user` when omitted. */
  profile?: PublicKey;
  /**
   * The node owner's referrer (`JobState.nodeReferrer`) when the job pays one a share of its supplier fee
   * (`nodeReferralBps` > 0 and `supplierFeeBps` > 0): its profile follows (not repeated when it is `referrer`'s).
   * `settleJobFromState` fills it.
   */
  nodeReferrer?: PublicKey;
}

/** A settlement entry for a decoded job: its accounts, with its user's and its node's referrers when it pays them. */
export function settleJobFromState(
  job: PublicKey,
  state: { node: PublicKey; user: PublicKey; referrer: PublicKey; referralBps: number; nodeReferrer: PublicKey; nodeReferralBps: number; supplierFeeBps: number },
  userToken: PublicKey,
): SettleJob {
  const nodeReferrer = state.nodeReferralBps > 0 && state.supplierFeeBps > 0 ? state.nodeReferrer : undefined;
  return { job, node: state.node, user: state.user, userToken, referrer: state.referralBps > 0 ? state.referrer : undefined, nodeReferrer };
}

/** `settle_jobs`: one instruction settling `jobs` (all of `currency`); anyone may send it. */
export function settleJobsInstruction(args: JobMoney & { caller: PublicKey; jobs: SettleJob[] }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const accounts = {
    caller: args.caller,
    config: jobsConfigKey(programId)[0],
    mint: c.mint,
    vault: c.vault,
    feeVault: c.feeVault,
    authority: jobsAuthorityKey(programId)[0],
    tokenProgram: c.tokenProgram,
    ioTokenAuthority: ioTokenAuthority(),
  };
  // Each job's accounts follow the fixed ones (the IDL's remaining accounts).
  const jobs: AccountMeta[] = args.jobs.flatMap((j) => [
      meta(j.job, true),
      meta(j.node, true),
      meta(j.userToken, true),
      meta(j.user, true),
      meta(j.profile ?? userProfileKey(j.user, programId)[0], true),
    ...(j.referrer ? [meta(userProfileKey(j.referrer, programId)[0], true)] : []),
    // The program takes one profile for both when the referrers are the same wallet.
    ...(j.nodeReferrer && !(j.referrer && j.referrer.equals(j.nodeReferrer)) ? [meta(userProfileKey(j.nodeReferrer, programId)[0], true)] : []),
  ]);
  return gen.settleJobs(accounts, {}, programId, jobs);
}

/** `claim_earnings`: the node's owner withdraws its earnings in `currency` to `to`. */
export function claimEarningsInstruction(args: JobMoney & { owner: PublicKey; node: PublicKey; to: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  return gen.claimEarnings({ owner: args.owner, config: jobsConfigKey(programId)[0], node: args.node, to: args.to, ...moneyAccounts(c, programId) }, {}, programId);
}

/** `register_referral`: the user joins naming its referrer (`PublicKey.default` for none), before its first job; it pays its profile's rent. */
export function registerReferralInstruction(args: { user: PublicKey; referrer: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const none = args.referrer.equals(PublicKey.default);
  const accounts = {
    user: args.user,
    config: jobsConfigKey(programId)[0],
    profile: userProfileKey(args.user, programId)[0],
    referrerProfile: none ? userProfileKey(args.user, programId)[0] : userProfileKey(args.referrer, programId)[0],
  };
  return gen.registerReferral(accounts, { referrer: args.referrer }, programId);
}

/** `claim_referral`: the referrer withdraws its referral income in `currency` to `to`. */
export function claimReferralInstruction(args: JobMoney & { referrer: PublicKey; to: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const c = currencyAccounts(args.currency, args.usdcMint, programId);
  const accounts = { referrer: args.referrer, config: jobsConfigKey(programId)[0], profile: userProfileKey(args.referrer, programId)[0], to: args.to, ...moneyAccounts(c, programId) };
  return gen.claimReferral(accounts, {}, programId);
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
  const params = { referralBps: args.referralBps, referralPeriod: args.referralPeriod, referralCapUsd: args.referralCapUsd };
  return gen.setReferralParams({ admin: args.admin, config: jobsConfigKey(programId)[0] }, params, programId);
}

/** The demand side's discount table: three tiers of (score from which it applies, USD with 6 decimals; discount off the network fee, bps) and the USD a dispute lost or a job abandoned takes off a score. */
export interface DiscountTiers {
  tiers: { scoreUsd: BN; discountBps: number }[];
  strikeUsd: BN;
}

/** The table a deployment starts with: 10% off from $100 of network fees paid, 25% from $1,000, 50% from $10,000; a strike costs $50. */
export const DEFAULT_DISCOUNT_TIERS: DiscountTiers = {
  tiers: [
    { scoreUsd: new BN(100_000_000), discountBps: 1_000 },
    { scoreUsd: new BN(1_000_000_000), discountBps: 2_500 },
    { scoreUsd: new BN(10_000_000_000), discountBps: 5_000 },
  ],
  strikeUsd: new BN(50_000_000),
};

/** `set_discount_tiers`: the admin (governance later) sets the discount table; at most 5,000 bps a tier, never falling from one tier to the next. */
export function setDiscountTiersInstruction(args: { admin: PublicKey } & DiscountTiers, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  if (args.tiers.length !== 3) throw new Error("set_discount_tiers takes exactly three tiers");
  const [t1, t2, t3] = args.tiers;
  const params = { tier1Usd: t1.scoreUsd, tier1Bps: t1.discountBps, tier2Usd: t2.scoreUsd, tier2Bps: t2.discountBps, tier3Usd: t3.scoreUsd, tier3Bps: t3.discountBps, strikeUsd: args.strikeUsd };
  return gen.setDiscountTiers({ admin: args.admin, config: jobsConfigKey(programId)[0] }, params, programId);
}

/** `sweep_io_fees`: anyone burns the IO fee vault's unswept fees and token shares. */
export function sweepIoFeesInstruction(args: { caller: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const [ioMint] = ioMintKey();
  const accounts = { caller: args.caller, config: jobsConfigKey(programId)[0], ioMint, ioFeeVault: feeVaultKey(ioMint, programId)[0], authority: jobsAuthorityKey(programId)[0] };
  return gen.sweepIoFees(accounts, {}, programId);
}

/** `sweep_usdc_fees`: anyone moves the USDC fee vault's unswept amount to io_buyback's USDC vault (token shares + `feeBuybackBps` of the fees) and its incentives vault (the rest). */
export function sweepUsdcFeesInstruction(args: { caller: PublicKey; usdcMint: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const accounts = {
    caller: args.caller,
    config: jobsConfigKey(programId)[0],
    usdcMint: args.usdcMint,
    usdcFeeVault: feeVaultKey(args.usdcMint, programId)[0],
    buybackVault: BUYBACK_USDC_VAULT,
    incentivesVault: INCENTIVES_VAULT,
    authority: jobsAuthorityKey(programId)[0],
  };
  return gen.sweepUsdcFees(accounts, {}, programId);
}

/** `prove_reserves`: anyone checks the escrows, fee vaults and IOSD held against the books (read-only; one `reservesProven` event per vault). */
export function proveJobsReservesInstruction(args: { usdcMint: PublicKey }, programId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const usdc = currencyAccounts(Currency.Usdc, args.usdcMint, programId);
  const io = currencyAccounts(Currency.Io, args.usdcMint, programId);
  const accounts = { config: jobsConfigKey(programId)[0], usdcEscrow: usdc.vault, usdcFeeVault: usdc.feeVault, ioEscrow: io.vault, ioFeeVault: io.feeVault, iosdState: iosdStateKey()[0] };
  return gen.proveReserves(accounts, {}, programId);
}
