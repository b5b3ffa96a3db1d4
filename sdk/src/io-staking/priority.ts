/**
 * Stake for priority (docs/demand-side.md, "Stake for priority"): a participant's priority tier is
 * read, never stored. Its counted stake is its own stake plus its stakers' active stake
 * (`ownStake + delegated` on the participant account); the tier is the highest of the config's
 * three thresholds (`priorityIo`, whole IO, 0 off) it meets. Stake in cooldown, pending stake
 * (staked in the open epoch, or not yet touched since its epoch closed) and rewards do not count.
 * The program's rule is the same function (programs/io-staking/src/state.rs, `PriorityTiers`).
 */
import { Connection, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { decodeParticipant, decodeStakingConfig, ParticipantState, StakingConfigState } from "./accounts";
import { IO_STAKING_PROGRAM_ID, participantKey, stakingConfigKey } from "./pdas";

/** IO base units per whole IO. */
const IO_UNITS = new BN(100_000_000);
/** The highest threshold `set_priority_tiers` accepts: the supply cap, in whole IO. */
export const MAX_PRIORITY_IO = 800_000_000;

/** The thresholds a deployment is meant to set: tier 1 from 1,000 IO of counted stake, tier 2 from 10,000, tier 3 from 100,000. */
export const DEFAULT_PRIORITY_TIERS: readonly number[] = [1_000, 10_000, 100_000];

/** The program's rule for a threshold table: each at most 800,000,000, those in use (above 0) first and rising strictly. */
export const priorityTiersValid = (t: readonly number[]): boolean =>
  t.length === 3 && t.every((x, i) => Number.isInteger(x) && x >= 0 && x <= MAX_PRIORITY_IO && (i === 0 || (x === 0 ? true : t[i - 1] !== 0 && x > t[i - 1])));

/** The tier (0..3) `stake` (IO base units) reaches under `tiersIo`: the highest threshold in use it meets. */
export function priorityTierFor(stake: BN, tiersIo: readonly number[]): number {
  let tier = 0;
  tiersIo.forEach((t, i) => {
    if (t !== 0 && stake.gte(new BN(t).mul(IO_UNITS))) tier = i + 1;
  });
  return tier;
}

export interface PriorityTier {
  user: PublicKey;
  participant: PublicKey;
  /** False when the user is not a participant: tier 0. */
  registered: boolean;
  /** Counted stake (base units): own plus delegated active stake. */
  stake: BN;
  /** 0 for none, else 1..3. */
  tier: number;
  /** The thresholds in force (whole IO). */
  tiersIo: number[];
  /** Counted stake (base units) the next tier needs, or null at the top or with no tier above in use. */
  nextTierStake: BN | null;
}

/** The tier from a decoded participant (or null) and config: what a scheduler computes after reading the participant's one account. */
export function priorityTierOf(user: PublicKey, participant: Pick<ParticipantState, "ownStake" | "delegated"> | null, config: Pick<StakingConfigState, "priorityIo">, programId = IO_STAKING_PROGRAM_ID): PriorityTier {
  // Counted stake: own stake plus its stakers' active stake.
  const stake = participant ? participant.ownStake.add(participant.delegated) : new BN(0);
  const tiersIo = [...config.priorityIo];
  const tier = priorityTierFor(stake, tiersIo);
  const next = tier < 3 ? tiersIo[tier] : 0;
  return {
    user,
    participant: participantKey(user, programId)[0],
    registered: participant !== null,
    stake,
    tier,
    tiersIo,
    nextTierStake: next ? new BN(next).mul(IO_UNITS) : null,
  };
}

/** Anyone reads `user`'s priority tier: its participant account and the config, in one RPC call. */
export async function fetchPriorityTier(connection: Connection, user: PublicKey, programId = IO_STAKING_PROGRAM_ID): Promise<PriorityTier> {
  const [participant] = participantKey(user, programId);
  const [configInfo, info] = await connection.getMultipleAccountsInfo([stakingConfigKey(programId)[0], participant], "confirmed");
  if (!configInfo) throw new Error("io_staking is not initialised on this cluster");
  return priorityTierOf(user, info ? decodeParticipant(info, programId) : null, decodeStakingConfig(configInfo, programId), programId);
}
