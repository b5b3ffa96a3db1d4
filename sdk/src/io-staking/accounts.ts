/** io_staking: account decoders, events, and the participant's outstanding epoch. */
import { Buffer } from "buffer";
import { AccountInfo, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeOwned, ProgramEvent } from "../anchor";
import * as gen from "./generated";
import { epochKey, IO_STAKING_PROGRAM_ID, stakingConfigKey } from "./pdas";

/** The longest epoch length and cooldown `set_staking_params` accepts: 30 days (state.rs). */
export const MAX_EPOCH_LENGTH = 30 * 86_400;
export const MAX_COOLDOWN = 30 * 86_400;

export interface StakingParams {
  /** Seconds per epoch (default one day; 1 s to 30 days), for epochs opened after it is set. */
  epochLength: number;
  /** The share of each epoch's rewards for availability; the rest is for compute. */
  availabilityBps: number;
  /** A node's own stake needed to earn availability rewards, IO base units. */
  minNodeStake: BN;
  /** Stake counted in a node's availability weight at most. */
  weightCap: BN;
  minShareBps: number;
  maxShareBps: number;
  /**
   * Seconds unstaked IO waits before it can be withdrawn (1 s to 30 days), for stake committed
   * after it is set; stake already in waits its position's `cooldown`, or this if shorter.
   */
  cooldown: number;
  /**
   * The compute rate's cap: IO base units per computing point, scaled by 1e9 (`computeRateCap`
   * converts from IO per $1 of points). An epoch's compute rate is at most this; what the cap
   * leaves of the compute pool carries forward.
   */
  maxComputeRate: BN;
}

export interface StakingConfigState extends StakingParams {
  admin: PublicKey;
  /** The proposed next admin (the default key: none). */
  pendingAdmin: PublicKey;
  ioMint: PublicKey;
  stakeVault: PublicKey;
  rewardsVault: PublicKey;
  slashBps: number;
  slashWindow: number;
  /** Seconds an oracle's slash vote counts towards a quorum. */
  slashVoteTtl: number;
  epoch: number;
  epochStart: BN;
  /** The open epoch's length, fixed when it opened: it closes at `epochStart + openEpochLength` (`epochEndsAt`). */
  openEpochLength: number;
  openWeight: BN;
  openPoints: BN;
  openRegistrations: number;
  liabilities: BN;
  carried: BN;
  emitted: BN;
  paid: BN;
  /** IO the stake vault owes the positions (active, pending and cooling stake): `prove_reserves`' obligations. */
  staked: BN;
  /** Voting: the epoch of the last change of any position's voting stake, the total at its start, and the total now. */
  powerEpoch: number;
  powerStart: BN;
  votingTotal: BN;
  /** The priority tiers (`set_priority_tiers`): whole IO of counted stake from which tiers 1, 2, 3 apply; 0 off. */
  priorityIo: number[];
  /**
   * Usage rewards for teams (docs/demand-side.md): usage (USD, 6 decimals) users synced in the open
   * epoch, the share of the compute pool paid by usage (bps), and the usage rate's cap (IO base units
   * per USD base unit, scaled by 1e9).
   */
  openUsage: BN;
  usageBps: number;
  maxUsageRate: BN;
}

export interface EpochState {
  index: number;
  availabilityRate: BN;
  computeRate: BN;
  weight: BN;
  points: BN;
  remaining: BN;
  outstanding: number;
  closedAt: BN;
  /** Rewards per unit of usage (USD base unit), scaled by 1e9, and the usage the epoch registered. */
  usageRate: BN;
  usage: BN;
}

export interface ParticipantState {
  kind: number;
  slashState: number;
  key: PublicKey;
  authority: PublicKey;
  shareBps: number;
  nextShareBps: number;
  nextShareEpoch: number;
  ownStake: BN;
  delegated: BN;
  accPerStake: BN;
  stakersOwed: BN;
  claimable: BN;
  regEpoch: number;
  regWeight: BN;
  regPoints: BN;
  pointsSynced: BN;
  /** The io_jobs node's `registered_at` its points were synced from. */
  nodeRegisteredAt: BN;
  /** The availability round (epoch, oracle-set version, voters) and each member's vote as a factor (bps; 0 a fail). */
  availEpoch: number;
  availVersion: number;
  availMask: number;
  availFactor: number[];
  /** Registered for `availEpoch`: the figure (a factor, bps) and the weight; they only rise. */
  availFigure: number;
  availWeight: BN;
  slashVersion: number;
  slashMask: number;
  /** When each member's slash vote expires: its time plus the `slashVoteTtl` in force when it was cast. */
  slashExpiresAt: BN[];
  /** The slash in progress (while `slashState` is not 0), fixed when its quorum was reached: the
   * contest window's end, the fraction of own stake it burns (bps), and when anyone may dismiss it
   * if it is contested and still undecided. */
  slashAt: BN;
  slashBps: number;
  slashDeadline: BN;
}

export interface PositionState {
  participant: PublicKey;
  staker: PublicKey;
  active: BN;
  pending: BN;
  pendingEpoch: number;
  debt: BN;
  rewards: BN;
  cooling: BN;
  cooldownEnd: BN;
  /** The cooldown (seconds) the position's stake was committed under; an unstake waits this or the governed one if shorter (`unstakeCooldown`). */
  cooldown: number;
  /** Voting (docs/governance.md): the epoch of the last change of active plus pending stake, and the least of it held since that epoch began. */
  powerEpoch: number;
  powerBase: BN;
  /** No unstake or withdraw before this time (governance votes lock the position). */
  lockedUntil: BN;
}


export const decodeStakingConfig = (info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_STAKING_PROGRAM_ID): StakingConfigState =>
  decodeOwned(info, programId, "StakingConfig", gen.decodeStakingConfig);
export const decodeEpoch = (info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_STAKING_PROGRAM_ID): EpochState =>
  decodeOwned(info, programId, "Epoch", gen.decodeEpoch);
export const decodeParticipant = (info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_STAKING_PROGRAM_ID): ParticipantState =>
  decodeOwned(info, programId, "Participant", gen.decodeParticipant);
export const decodePosition = (info: Pick<AccountInfo<Buffer>, "data" | "owner">, programId = IO_STAKING_PROGRAM_ID): PositionState =>
  decodeOwned(info, programId, "Position", gen.decodePosition);

/** When the open epoch may be closed: its start plus the length it opened with (not the governed `epochLength`, which applies to later epochs). */
export function epochEndsAt(config: Pick<StakingConfigState, "epochStart" | "openEpochLength">): BN {
  return config.epochStart.addn(config.openEpochLength);
}

/** The cooldown (seconds) an unstake from the position starts now: its committed cooldown, or the governed one if shorter (unstake.rs). */
export function unstakeCooldown(config: Pick<StakingConfigState, "cooldown">, pos: Pick<PositionState, "cooldown">): number {
  return Math.min(pos.cooldown, config.cooldown);
}

/**
 * The Epoch account instructions that may settle a participant must pass as `lastEpoch`: the
 * epoch of its outstanding registration (any valid address when it has none; the config then).
 */
export function lastEpochOf(participant: ParticipantState, programId = IO_STAKING_PROGRAM_ID): PublicKey {
  const outstanding = !participant.regWeight.isZero() || !participant.regPoints.isZero();
  return outstanding ? epochKey(participant.regEpoch, programId)[0] : stakingConfigKey(programId)[0];
}

/** Every io_staking event in a transaction's logs, in order, attributed as Anchor's EventParser attributes them. */
export function parseIoStakingEvents(logs: string[], programId = IO_STAKING_PROGRAM_ID): ProgramEvent[] {
  return gen.parseIoStakingEvents(logs, programId);
}

/**
 * A position's voting power for a proposal whose snapshot is the start of epoch `start`
 * (io_common::staking::power_for): the least active plus pending stake it held since then, or
 * null when it changed in a later epoch (it cannot vote on that proposal).
 */
export function votingPowerOf(pos: Pick<PositionState, "active" | "pending" | "powerEpoch" | "powerBase">, start: number): BN | null {
  if (pos.powerEpoch < start) return pos.active.add(pos.pending);
  if (pos.powerEpoch === start) return pos.powerBase;
  return null;
}
