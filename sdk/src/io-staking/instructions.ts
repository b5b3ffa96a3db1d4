/**
 * io_staking instruction builders: each returns one instruction. They are thin wrappers over the
 * generated builders (./generated.ts, from the IDL: accounts, flags and data encoding), which
 * resolve the PDAs the caller does not name.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { oracleConfigKey } from "../io-oracle";
import { ioMintKey, programDataKey } from "../io-token/pdas";
import { IO_JOBS_PROGRAM_ID, userProfileKey } from "../io-jobs/pdas";
import type { StakingParams } from "./accounts";
import type { UsageParams } from "./usage";
import * as gen from "./generated";
import {
  epochKey,
  IO_STAKING_PROGRAM_ID,
  ParticipantKind,
  participantKey,
  positionKey,
  rewardsVaultKey,
  stakeVaultKey,
  stakingAuthorityKey,
  stakingConfigKey,
} from "./pdas";


/**
 * `max_compute_rate` for a cap of `ioPerUsd` IO per $1 of computing points (points are USD with 6
 * decimals, IO has 8, rates are scaled by 1e9): `ioPerUsd` x 1e8 / 1e6 x 1e9 = `ioPerUsd` x 1e11.
 * A decimal string takes up to 11 decimals ("0.5" is half an IO per $1).
 */
export function computeRateCap(ioPerUsd: number | string): BN {
  const [whole, fraction = ""] = String(ioPerUsd).split(".");
  if (!/^\d+$/.test(whole) || !/^\d{0,11}$/.test(fraction)) throw new Error(`not an amount of IO per $1 with at most 11 decimals: ${ioPerUsd}`);
  return new BN(whole + fraction.padEnd(11, "0"));
}

/** The cap's IO per $1 of computing points, as a decimal string (the inverse of `computeRateCap`). */
export function ioPerUsdOfCap(maxComputeRate: BN): string {
  const digits = maxComputeRate.toString(10).padStart(12, "0");
  const fraction = digits.slice(-11).replace(/0+$/, "");
  return digits.slice(0, -11) + (fraction ? `.${fraction}` : "");
}

/**
 * The protocol's defaults: one-day epochs, half the rewards for availability, 1-3% shares, and a
 * compute rate of at most 10 IO per $1 of computing points (docs/staking.md, "The compute rate's cap").
 */
export const DEFAULT_STAKING_PARAMS: StakingParams = {
  epochLength: 86_400,
  availabilityBps: 5_000,
  minNodeStake: new BN(100).mul(new BN(100_000_000)),
  weightCap: new BN(100_000).mul(new BN(100_000_000)),
  minShareBps: 100,
  maxShareBps: 300,
  cooldown: 7 * 86_400,
  maxComputeRate: computeRateCap(10),
};

function paramsOf(p: StakingParams): StakingParams {
  const { epochLength, availabilityBps, minNodeStake, weightCap, minShareBps, maxShareBps, cooldown, maxComputeRate } = p;
  return { epochLength, availabilityBps, minNodeStake, weightCap, minShareBps, maxShareBps, cooldown, maxComputeRate };
}

/** `initialize`: the config and the stake and rewards vaults; signed by the upgrade authority. */
export function initializeStakingInstruction(args: { payer: PublicKey } & StakingParams, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const accounts = {
    payer: args.payer,
    programData: programDataKey(programId)[0],
    config: stakingConfigKey(programId)[0],
    authority: stakingAuthorityKey(programId)[0],
    ioMint: ioMintKey()[0],
    stakeVault: stakeVaultKey(programId)[0],
    rewardsVault: rewardsVaultKey(programId)[0],
  };
  return gen.initialize(accounts, paramsOf(args), programId);
}

/** `set_staking_params`: admin only. */
export function setStakingParamsInstruction(args: { admin: PublicKey } & StakingParams, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.setStakingParams({ admin: args.admin, config: stakingConfigKey(programId)[0] }, paramsOf(args), programId);
}

/** Slashing: the fraction of own stake slashed, the contest window and how long a slash vote counts (seconds, above 0). */
export interface SlashingParams {
  slashBps: number;
  slashWindow: number;
  slashVoteTtl: number;
}

/** `set_slashing`: admin only. */
export function setSlashingInstruction(args: { admin: PublicKey } & SlashingParams, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const params = { slashBps: args.slashBps, slashWindow: args.slashWindow, slashVoteTtl: args.slashVoteTtl };
  return gen.setSlashing({ admin: args.admin, config: stakingConfigKey(programId)[0] }, params, programId);
}

/** `set_priority_tiers`: the admin (governance later) sets the whole IO of counted stake from which priority tiers 1, 2 and 3 apply; each 0 (off, and those above it) or at most 800,000,000, rising strictly (docs/demand-side.md). */
export function setPriorityTiersInstruction(args: { admin: PublicKey; tiersIo: readonly number[] }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  if (args.tiersIo.length !== 3) throw new Error("set_priority_tiers takes exactly three thresholds");
  const [tier1Io, tier2Io, tier3Io] = args.tiersIo;
  return gen.setPriorityTiers({ admin: args.admin, config: stakingConfigKey(programId)[0] }, { tier1Io, tier2Io, tier3Io }, programId);
}

/** `set_usage_params`: the admin (governance: setter 11) sets usage rewards for teams: the share of the compute pool paid by usage (at most 3,000 bps) and the usage rate's cap (at most 1e9, 0.01 IO per $1; `usageRateCap`). */
export function setUsageParamsInstruction(args: { admin: PublicKey } & UsageParams, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.setUsageParams({ admin: args.admin, config: stakingConfigKey(programId)[0] }, { usageBps: args.usageBps, maxUsageRate: args.maxUsageRate }, programId);
}

/** `register_participant`: a node's owner (key = the io_jobs node) or a user (key = itself). */
export function registerParticipantInstruction(
  args: { authority: PublicKey; key: PublicKey; kind: ParticipantKind; shareBps: number },
  programId = IO_STAKING_PROGRAM_ID,
): TransactionInstruction {
  const accounts = { authority: args.authority, config: stakingConfigKey(programId)[0], key: args.key, participant: participantKey(args.key, programId)[0] };
  return gen.registerParticipant(accounts, { kind: args.kind, shareBps: args.shareBps }, programId);
}

/** `set_reward_share`: from the next epoch. */
export function setRewardShareInstruction(args: { authority: PublicKey; participant: PublicKey; shareBps: number }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.setRewardShare({ authority: args.authority, config: stakingConfigKey(programId)[0], participant: args.participant }, { shareBps: args.shareBps }, programId);
}

/** A staker's position with a participant; `lastEpoch` from `lastEpochOf(participant)`. */
export interface PositionArgs {
  staker: PublicKey;
  participant: PublicKey;
  lastEpoch: PublicKey;
}

/** The accounts stake, unstake and claim start with: staker, config, participant, position, last epoch. */
function positionAccounts(args: PositionArgs, programId: PublicKey): { staker: PublicKey; config: PublicKey; participant: PublicKey; position: PublicKey; lastEpoch: PublicKey } {
  return {
    staker: args.staker,
    config: stakingConfigKey(programId)[0],
    participant: args.participant,
    position: positionKey(args.participant, args.staker, programId)[0],
    lastEpoch: args.lastEpoch,
  };
}

/** `stake`: IO from `stakerIo` (the staker's IO account). */
export function stakeInstruction(args: PositionArgs & { stakerIo: PublicKey; amount: BN }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const accounts = {
    ...positionAccounts(args, programId),
    stakerIo: args.stakerIo,
    ioMint: ioMintKey()[0],
    stakeVault: stakeVaultKey(programId)[0],
  };
  return gen.stake(accounts, { amount: args.amount }, programId);
}

/** `unstake`: active stake into cooldown. */
export function unstakeInstruction(args: PositionArgs & { amount: BN }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.unstake(positionAccounts(args, programId), { amount: args.amount }, programId);
}

/** `withdraw`: cooled-down stake back to `stakerIo` (the operator's own stake not while a slash of it is open). */
export function withdrawInstruction(args: { staker: PublicKey; participant: PublicKey; stakerIo: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const accounts = {
    staker: args.staker,
    config: stakingConfigKey(programId)[0],
    participant: args.participant,
    position: positionKey(args.participant, args.staker, programId)[0],
    stakerIo: args.stakerIo,
    ioMint: ioMintKey()[0],
    stakeVault: stakeVaultKey(programId)[0],
    authority: stakingAuthorityKey(programId)[0],
  };
  return gen.withdraw(accounts, {}, programId);
}

/** `claim`: the position's rewards (and the participant's, for its authority) to `to`, or re-staked. */
export function claimInstruction(args: PositionArgs & { to: PublicKey; compound?: boolean }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const accounts = {
    ...positionAccounts(args, programId),
    to: args.to,
    ioMint: ioMintKey()[0],
    rewardsVault: rewardsVaultKey(programId)[0],
    stakeVault: stakeVaultKey(programId)[0],
    authority: stakingAuthorityKey(programId)[0],
  };
  return gen.claim(accounts, { compound: args.compound ?? false }, programId);
}

/**
 * `attest_availability`: an oracle's verdict on a node for the open epoch, with the reputation and
 * the hardware class it measured (the node owner's declared class is not used).
 */
export function attestAvailabilityInstruction(
  args: { oracle: PublicKey; participant: PublicKey; lastEpoch: PublicKey; epoch: number; passed: boolean; reputationBps: number; hardwareClass: number },
  programId = IO_STAKING_PROGRAM_ID,
): TransactionInstruction {
  const accounts = { oracle: args.oracle, oracleConfig: oracleConfigKey()[0], config: stakingConfigKey(programId)[0], participant: args.participant, lastEpoch: args.lastEpoch };
  const { epoch, passed, reputationBps, hardwareClass } = args;
  return gen.attestAvailability(accounts, { epoch, passed, reputationBps, hardwareClass }, programId);
}

/** `sync_points`: the node's new computing points into the open epoch; anyone may send it. */
export function syncPointsInstruction(args: { participant: PublicKey; node: PublicKey; lastEpoch: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.syncPoints({ config: stakingConfigKey(programId)[0], participant: args.participant, node: args.node, lastEpoch: args.lastEpoch }, {}, programId);
}

/** `sync_usage`: the USD a user participant paid in settled io_jobs jobs since its last sync, as usage into the open epoch; anyone may send it. `lastEpoch`: the participant's outstanding epoch (`lastEpochOf`). */
export function syncUsageInstruction(args: { user: PublicKey; lastEpoch: PublicKey; profile?: PublicKey }, programId = IO_STAKING_PROGRAM_ID, jobsProgramId = IO_JOBS_PROGRAM_ID): TransactionInstruction {
  const accounts = {
    config: stakingConfigKey(programId)[0],
    participant: participantKey(args.user, programId)[0],
    profile: args.profile ?? userProfileKey(args.user, jobsProgramId)[0],
    lastEpoch: args.lastEpoch,
  };
  return gen.syncUsage(accounts, {}, programId);
}

/** `close_epoch`: closes epoch `epoch` (the open one) once its length has passed. */
export function closeEpochInstruction(args: { payer: PublicKey; epoch: number }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const accounts = { payer: args.payer, config: stakingConfigKey(programId)[0], epochState: epochKey(args.epoch, programId)[0], rewardsVault: rewardsVaultKey(programId)[0] };
  return gen.closeEpoch(accounts, { epoch: args.epoch }, programId);
}

/** `vote_slash`: an oracle's vote to slash a node. */
export function voteSlashInstruction(args: { oracle: PublicKey; participant: PublicKey; reason: number }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const accounts = { oracle: args.oracle, oracleConfig: oracleConfigKey()[0], config: stakingConfigKey(programId)[0], participant: args.participant };
  return gen.voteSlash(accounts, { reason: args.reason }, programId);
}

/** `contest_slash`: the operator contests inside the window. */
export function contestSlashInstruction(args: { authority: PublicKey; participant: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.contestSlash({ authority: args.authority, participant: args.participant }, {}, programId);
}

/** `resolve_slash`: the admin upholds or dismisses a contested slash; after the decision deadline
 * (the contest window's end plus one `slash_window`) anyone may dismiss it. */
export function resolveSlashInstruction(args: { caller: PublicKey; participant: PublicKey; uphold: boolean }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.resolveSlash({ caller: args.caller, config: stakingConfigKey(programId)[0], participant: args.participant }, { uphold: args.uphold }, programId);
}

/** `execute_slash`: burns the slashed part of the operator's own stake; anyone may send it. */
export function executeSlashInstruction(args: { participant: PublicKey; operator: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const accounts = {
    config: stakingConfigKey(programId)[0],
    participant: args.participant,
    position: positionKey(args.participant, args.operator, programId)[0],
    operator: args.operator,
    ioMint: ioMintKey()[0],
    stakeVault: stakeVaultKey(programId)[0],
    authority: stakingAuthorityKey(programId)[0],
  };
  return gen.executeSlash(accounts, {}, programId);
}

/** `propose_admin` / `accept_admin`: the two-step admin hand-over. */
export function proposeStakingAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.proposeAdmin({ admin: args.admin, config: stakingConfigKey(programId)[0] }, { newAdmin: args.newAdmin }, programId);
}

export function acceptStakingAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.acceptAdmin({ newAdmin: args.newAdmin, config: stakingConfigKey(programId)[0] }, {}, programId);
}

/**
 * `prove_reserves`: permissionless; one `ReservesProven` event for the stake vault (owing every
 * position's stake) and one for the rewards vault (owing liabilities + carried); fails with
 * `ReservesShort` when either holds less than it owes.
 */
export function proveStakingReservesInstruction(programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.proveReserves({ config: stakingConfigKey(programId)[0], stakeVault: stakeVaultKey(programId)[0], rewardsVault: rewardsVaultKey(programId)[0] }, {}, programId);
}

/** `lock_position`: the staker locks its position until `proposal`'s voting can end (io_governance's `vote` requires it; send both in one transaction). */
export function lockPositionInstruction(args: { staker: PublicKey; position: PublicKey; proposal: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return gen.lockPosition({ staker: args.staker, position: args.position, proposal: args.proposal }, {}, programId);
}
