/**
 * Usage rewards for teams (docs/demand-side.md, "Usage rewards for teams"): each epoch `usageBps`
 * of the compute pool goes to user participants pro rata to the USD they paid in settled io_jobs
 * jobs (`paid_usd` on their io_jobs profile, synced by `sync_usage`), at most `maxUsageRate` per
 * USD base unit. A user participant's points are that usage; they settle at the epoch's usage rate
 * into the participant's `claimable`, as a node's computing points do.
 */
import { Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeUserProfile, UserProfileState } from "../io-jobs/accounts";
import { userProfileKey } from "../io-jobs/pdas";
import { decodeEpoch, decodeParticipant, decodeStakingConfig, EpochState, ParticipantState, StakingConfigState } from "./accounts";
import { epochKey, IO_STAKING_PROGRAM_ID, ParticipantKind, participantKey, stakingConfigKey } from "./pdas";
import { closedRegistration, settlementOf } from "./rewards";

export interface UsageParams {
  /** The share of the compute pool paid by usage, in bps (at most 3,000). */
  usageBps: number;
  /** The usage rate's cap: IO base units per USD base unit, scaled by 1e9 (at most 1e9, 0.01 IO per $1; `usageRateCap`). */
  maxUsageRate: BN;
}

/** The highest `usage_bps` and `max_usage_rate` `set_usage_params` accepts. */
export const MAX_USAGE_BPS = 3_000;
export const MAX_USAGE_RATE = new BN(1_000_000_000);

/**
 * `max_usage_rate` for a cap of `ioPerUsd` IO per $1 of usage (usage is USD with 6 decimals, IO has 8,
 * rates are scaled by 1e9): `ioPerUsd` x 1e11, as the compute rate's cap. Up to 11 decimals.
 */
export function usageRateCap(ioPerUsd: number | string): BN {
  const [whole, fraction = ""] = String(ioPerUsd).split(".");
  if (!/^\d+$/.test(whole) || !/^\d{0,11}$/.test(fraction)) throw new Error(`not an amount of IO per $1 with at most 11 decimals: ${ioPerUsd}`);
  return new BN(whole + fraction.padEnd(11, "0"));
}

/**
 * The defaults docs/demand-side.md justifies: 10% of the compute pool, at most 0.005 IO per $1 of
 * usage. A dollar washed through one's own node then earns back at most 0.005 IO in usage rewards,
 * below the 2.5% network fee it pays at the largest discount for any IO price under $5.
 */
export const DEFAULT_USAGE_PARAMS: UsageParams = { usageBps: 1_000, maxUsageRate: usageRateCap("0.005") };

/** Whether `set_usage_params` accepts the terms (state.rs `UsageParams::valid`). */
export const usageParamsValid = (p: UsageParams): boolean =>
  Number.isInteger(p.usageBps) && p.usageBps >= 0 && p.usageBps <= MAX_USAGE_BPS && !p.maxUsageRate.isNeg() && p.maxUsageRate.lte(MAX_USAGE_RATE);

export interface UsageRewards {
  user: PublicKey;
  participant: PublicKey;
  /** False when the user is not a participant (it cannot earn usage rewards until it registers as kind 1). */
  registered: boolean;
  /** The USD (6 decimals) its settled io_jobs jobs paid (the profile's `paid_usd`; 0 without a profile). */
  paidUsd: BN;
  /** Of it, what was synced (the participant's `points_synced`), and what the next `sync_usage` registers. */
  synced: BN;
  unsynced: BN;
  /** The outstanding registration: its epoch and usage (null: none). */
  registeredEpoch: number | null;
  registeredUsage: BN;
  /** What that registration settles for when its epoch has closed (null while it is open, or none). */
  settles: BN | null;
  /** The participant's own unclaimed rewards (its usage rewards after its stakers' share). */
  claimable: BN;
}

/** A user's usage rewards from decoded accounts (the participant or null, the profile or null, the config, the registration's Epoch if closed). */
export function usageRewardsOf(
  user: PublicKey,
  participant: ParticipantState | null,
  profile: Pick<UserProfileState, "paidUsd"> | null,
  config: Pick<StakingConfigState, "epoch">,
  epoch: EpochState | null,
  programId = IO_STAKING_PROGRAM_ID,
): UsageRewards {
  const paidUsd = profile ? profile.paidUsd : new BN(0);
  const user_ = participant !== null && participant.kind === ParticipantKind.User;
  const synced = user_ ? participant.pointsSynced : new BN(0);
  const registered = user_ && !participant.regPoints.isZero();
  // What the closed registration settles for, as `settle` computes it (null while open, or without its Epoch).
  const closed = user_ ? closedRegistration(config, participant) : null;
  const settlement = user_ && closed !== null && epoch !== null && epoch.index === closed ? settlementOf(config, participant, epoch) : null;
  return {
    user,
    participant: participantKey(user, programId)[0],
    registered: user_,
    paidUsd,
    synced,
    unsynced: paidUsd.gt(synced) ? paidUsd.sub(synced) : new BN(0),
    registeredEpoch: registered ? participant.regEpoch : null,
    registeredUsage: registered ? participant.regPoints : new BN(0),
    settles: settlement ? settlement.reward : null,
    claimable: user_ ? participant.claimable : new BN(0),
  };
}

/** Anyone reads `user`'s usage rewards: its participant, its io_jobs profile, the config and its registration's Epoch. */
export async function fetchUsageRewards(connection: Connection, user: PublicKey, programId = IO_STAKING_PROGRAM_ID): Promise<UsageRewards> {
  const [participant] = participantKey(user, programId);
  const [configInfo, info, profileInfo] = await connection.getMultipleAccountsInfo(
    [stakingConfigKey(programId)[0], participant, userProfileKey(user)[0]],
    "confirmed",
  );
  if (!configInfo) throw new Error("io_staking is not initialised on this cluster");
  const config = decodeStakingConfig(configInfo, programId);
  const p = info ? decodeParticipant(info, programId) : null;
  let epoch: EpochState | null = null;
  if (p && !p.regPoints.isZero() && p.regEpoch < config.epoch) {
    const e = await connection.getAccountInfo(epochKey(p.regEpoch, programId)[0], "confirmed");
    epoch = e ? decodeEpoch(e, programId) : null;
  }
  return usageRewardsOf(user, p, profileInfo ? decodeUserProfile(profileInfo) : null, config, epoch, programId);
}
