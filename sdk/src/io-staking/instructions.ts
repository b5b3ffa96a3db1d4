/** io_staking instruction builders: each returns one instruction, accounts in the program's order. */
import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { AccountMeta, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import BN from "bn.js";
import { accountMeta as meta } from "../anchor";
import { oracleConfigKey } from "../io-oracle";
import { ioMintKey, programDataKey } from "../io-token/pdas";
import { ioStakingCoder, StakingParams } from "./accounts";
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

function ix(name: string, keys: AccountMeta[], args: object, programId: PublicKey): TransactionInstruction {
  return new TransactionInstruction({ programId, keys, data: ioStakingCoder.instruction.encode(name, args) });
}

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
  const keys = [
    meta(args.payer, true, true),
    meta(programDataKey(programId)[0], false),
    meta(stakingConfigKey(programId)[0], true),
    meta(stakingAuthorityKey(programId)[0], false),
    meta(ioMintKey()[0], false),
    meta(stakeVaultKey(programId)[0], true),
    meta(rewardsVaultKey(programId)[0], true),
    meta(TOKEN_2022_PROGRAM_ID, false),
    meta(SystemProgram.programId, false),
  ];
  return ix("initialize", keys, paramsOf(args), programId);
}

/** `set_staking_params`: admin only. */
export function setStakingParamsInstruction(args: { admin: PublicKey } & StakingParams, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return ix("setStakingParams", [meta(args.admin, false, true), meta(stakingConfigKey(programId)[0], true)], paramsOf(args), programId);
}

/** Slashing: the fraction of own stake slashed, the contest window and how long a slash vote counts (seconds, above 0). */
export interface SlashingParams {
  slashBps: number;
  slashWindow: number;
  slashVoteTtl: number;
}

/** `set_slashing`: admin only. */
export function setSlashingInstruction(args: { admin: PublicKey } & SlashingParams, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.admin, false, true), meta(stakingConfigKey(programId)[0], true)];
  return ix("setSlashing", keys, { slashBps: args.slashBps, slashWindow: args.slashWindow, slashVoteTtl: args.slashVoteTtl }, programId);
}

/** `register_participant`: a node's owner (key = the io_jobs node) or a user (key = itself). */
export function registerParticipantInstruction(
  args: { authority: PublicKey; key: PublicKey; kind: ParticipantKind; shareBps: number },
  programId = IO_STAKING_PROGRAM_ID,
): TransactionInstruction {
  const keys = [
    meta(args.authority, true, true),
    meta(stakingConfigKey(programId)[0], false),
    meta(args.key, false),
    meta(participantKey(args.key, programId)[0], true),
    meta(SystemProgram.programId, false),
  ];
  return ix("registerParticipant", keys, { kind: args.kind, shareBps: args.shareBps }, programId);
}

/** `set_reward_share`: from the next epoch. */
export function setRewardShareInstruction(args: { authority: PublicKey; participant: PublicKey; shareBps: number }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.authority, false, true), meta(stakingConfigKey(programId)[0], false), meta(args.participant, true)];
  return ix("setRewardShare", keys, { shareBps: args.shareBps }, programId);
}

/** A staker's position with a participant; `lastEpoch` from `lastEpochOf(participant)`. */
export interface PositionArgs {
  staker: PublicKey;
  participant: PublicKey;
  lastEpoch: PublicKey;
}

/** `stake`: IO from `stakerIo` (the staker's IO account). */
export function stakeInstruction(args: PositionArgs & { stakerIo: PublicKey; amount: BN }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.staker, true, true),
    meta(stakingConfigKey(programId)[0], true),
    meta(args.participant, true),
    meta(positionKey(args.participant, args.staker, programId)[0], true),
    meta(args.lastEpoch, true),
    meta(args.stakerIo, true),
    meta(ioMintKey()[0], false),
    meta(stakeVaultKey(programId)[0], true),
    meta(TOKEN_2022_PROGRAM_ID, false),
    meta(SystemProgram.programId, false),
  ];
  return ix("stake", keys, { amount: args.amount }, programId);
}

/** `unstake`: active stake into cooldown. */
export function unstakeInstruction(args: PositionArgs & { amount: BN }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.staker, false, true),
    meta(stakingConfigKey(programId)[0], true),
    meta(args.participant, true),
    meta(positionKey(args.participant, args.staker, programId)[0], true),
    meta(args.lastEpoch, true),
  ];
  return ix("unstake", keys, { amount: args.amount }, programId);
}

/** `withdraw`: cooled-down stake back to `stakerIo` (the operator's own stake not while a slash of it is open). */
export function withdrawInstruction(args: { staker: PublicKey; participant: PublicKey; stakerIo: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.staker, false, true),
    meta(stakingConfigKey(programId)[0], true),
    meta(args.participant, false),
    meta(positionKey(args.participant, args.staker, programId)[0], true),
    meta(args.stakerIo, true),
    meta(ioMintKey()[0], false),
    meta(stakeVaultKey(programId)[0], true),
    meta(stakingAuthorityKey(programId)[0], false),
    meta(TOKEN_2022_PROGRAM_ID, false),
  ];
  return ix("withdraw", keys, {}, programId);
}

/** `claim`: the position's rewards (and the participant's, for its authority) to `to`, or re-staked. */
export function claimInstruction(args: PositionArgs & { to: PublicKey; compound?: boolean }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.staker, false, true),
    meta(stakingConfigKey(programId)[0], true),
    meta(args.participant, true),
    meta(positionKey(args.participant, args.staker, programId)[0], true),
    meta(args.lastEpoch, true),
    meta(args.to, true),
    meta(ioMintKey()[0], false),
    meta(rewardsVaultKey(programId)[0], true),
    meta(stakeVaultKey(programId)[0], true),
    meta(stakingAuthorityKey(programId)[0], false),
    meta(TOKEN_2022_PROGRAM_ID, false),
  ];
  return ix("claim", keys, { compound: args.compound ?? false }, programId);
}

/**
 * `attest_availability`: an oracle's verdict on a node for the open epoch, with the reputation and
 * the hardware class it measured (the node owner's declared class is not used).
 */
export function attestAvailabilityInstruction(
  args: { oracle: PublicKey; participant: PublicKey; lastEpoch: PublicKey; epoch: number; passed: boolean; reputationBps: number; hardwareClass: number },
  programId = IO_STAKING_PROGRAM_ID,
): TransactionInstruction {
  const keys = [
    meta(args.oracle, false, true),
    meta(oracleConfigKey()[0], false),
    meta(stakingConfigKey(programId)[0], true),
    meta(args.participant, true),
    meta(args.lastEpoch, true),
  ];
  const { epoch, passed, reputationBps, hardwareClass } = args;
  return ix("attestAvailability", keys, { epoch, passed, reputationBps, hardwareClass }, programId);
}

/** `sync_points`: the node's new computing points into the open epoch; anyone may send it. */
export function syncPointsInstruction(args: { participant: PublicKey; node: PublicKey; lastEpoch: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(stakingConfigKey(programId)[0], true), meta(args.participant, true), meta(args.node, false), meta(args.lastEpoch, true)];
  return ix("syncPoints", keys, {}, programId);
}

/** `close_epoch`: closes epoch `epoch` (the open one) once its length has passed. */
export function closeEpochInstruction(args: { payer: PublicKey; epoch: number }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(args.payer, true, true),
    meta(stakingConfigKey(programId)[0], true),
    meta(epochKey(args.epoch, programId)[0], true),
    meta(rewardsVaultKey(programId)[0], false),
    meta(SystemProgram.programId, false),
  ];
  return ix("closeEpoch", keys, { epoch: args.epoch }, programId);
}

/** `vote_slash`: an oracle's vote to slash a node. */
export function voteSlashInstruction(args: { oracle: PublicKey; participant: PublicKey; reason: number }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.oracle, false, true), meta(oracleConfigKey()[0], false), meta(stakingConfigKey(programId)[0], false), meta(args.participant, true)];
  return ix("voteSlash", keys, { reason: args.reason }, programId);
}

/** `contest_slash`: the operator contests inside the window. */
export function contestSlashInstruction(args: { authority: PublicKey; participant: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return ix("contestSlash", [meta(args.authority, false, true), meta(args.participant, true)], {}, programId);
}

/** `resolve_slash`: the admin upholds or dismisses a contested slash; after the decision deadline
 * (the contest window's end plus one `slash_window`) anyone may dismiss it. */
export function resolveSlashInstruction(args: { caller: PublicKey; participant: PublicKey; uphold: boolean }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.caller, false, true), meta(stakingConfigKey(programId)[0], false), meta(args.participant, true)];
  return ix("resolveSlash", keys, { uphold: args.uphold }, programId);
}

/** `execute_slash`: burns the slashed part of the operator's own stake; anyone may send it. */
export function executeSlashInstruction(args: { participant: PublicKey; operator: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [
    meta(stakingConfigKey(programId)[0], true),
    meta(args.participant, true),
    meta(positionKey(args.participant, args.operator, programId)[0], true),
    meta(args.operator, false),
    meta(ioMintKey()[0], true),
    meta(stakeVaultKey(programId)[0], true),
    meta(stakingAuthorityKey(programId)[0], false),
    meta(TOKEN_2022_PROGRAM_ID, false),
  ];
  return ix("executeSlash", keys, {}, programId);
}

/** `propose_admin` / `accept_admin`: the two-step admin hand-over. */
export function proposeStakingAdminInstruction(args: { admin: PublicKey; newAdmin: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return ix("proposeAdmin", [meta(args.admin, false, true), meta(stakingConfigKey(programId)[0], true)], { newAdmin: args.newAdmin }, programId);
}

export function acceptStakingAdminInstruction(args: { newAdmin: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  return ix("acceptAdmin", [meta(args.newAdmin, false, true), meta(stakingConfigKey(programId)[0], true)], {}, programId);
}

/**
 * `prove_reserves`: permissionless; one `ReservesProven` event for the stake vault (owing every
 * position's stake) and one for the rewards vault (owing liabilities + carried); fails with
 * `ReservesShort` when either holds less than it owes.
 */
export function proveStakingReservesInstruction(programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(stakingConfigKey(programId)[0], false), meta(stakeVaultKey(programId)[0], false), meta(rewardsVaultKey(programId)[0], false)];
  return ix("proveReserves", keys, {}, programId);
}

/** `lock_position`: the staker locks its position until `proposal`'s voting can end (io_governance's `vote` requires it; send both in one transaction). */
export function lockPositionInstruction(args: { staker: PublicKey; position: PublicKey; proposal: PublicKey }, programId = IO_STAKING_PROGRAM_ID): TransactionInstruction {
  const keys = [meta(args.staker, false, true), meta(args.position, true), meta(args.proposal, false)];
  return ix("lockPosition", keys, {}, programId);
}
