/**
 * What a claim would pay now, computed off chain with the program's own arithmetic
 * (programs/io-staking/src/accounts.rs `settle` and `accrue`, rewards.rs): every division
 * rounds down except what a settlement owes the stakers, which rounds up (docs/staking.md,
 * "Rounding"); claims round down. For wallets, the CLI and the service.
 */
import BN from "bn.js";
import { EpochState, ParticipantState, PositionState, StakingConfigState } from "./accounts";
import { ParticipantKind, REWARD_SCALE } from "./pdas";

const BPS = 10_000n;
const U64_MAX = (1n << 64n) - 1n;

/** Whether the participant has a registration (weight or points) not settled yet. */
export function hasRegistration(p: ParticipantState): boolean {
  return !p.regWeight.isZero() || !p.regPoints.isZero();
}

/** The registration's epoch when it has closed (it settles at the participant's next touch), else null. */
export function closedRegistration(config: Pick<StakingConfigState, "epoch">, p: ParticipantState): number | null {
  return hasRegistration(p) && p.regEpoch < config.epoch ? p.regEpoch : null;
}

const big = (v: BN) => BigInt(v.toString());
const bn = (v: bigint) => new BN(v.toString());

/** io_common::math::mul_div: floor(a * b / c); the program refuses a result beyond u64. */
function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  const v = (a * b) / c;
  if (v > U64_MAX) throw new Error("reward arithmetic overflows u64 (the program would refuse with ArithmeticOverflow)");
  return v;
}

/** io_common::math::mul_div_ceil: ceil(a * b / c). */
function mulDivCeil(a: bigint, b: bigint, c: bigint): bigint {
  return mulDiv(a, b, c) + ((a * b) % c === 0n ? 0n : 1n);
}

/** The share in force for `epoch` (accounts.rs `share_for`). */
export function shareFor(p: ParticipantState, epoch: number): number {
  return p.nextShareEpoch !== 0 && epoch >= p.nextShareEpoch ? p.nextShareBps : p.shareBps;
}

/** What settling the participant's closed registration does (accounts.rs `settle`). */
export interface Settlement {
  epoch: number;
  /** What the registration earned at the epoch's rates. */
  reward: BN;
  /** Of it, what the stakers are owed through the accumulator (rounded up); the rest is the participant's. */
  toStakers: BN;
  /** The accumulator's increment (rewards per unit of delegated stake, scaled by 1e9). */
  perStake: BN;
}

/** The settlement of the participant's registration in `epoch` (its closed outstanding epoch), or null if nothing is to settle. */
export function settlementOf(config: Pick<StakingConfigState, "epoch">, p: ParticipantState, epoch: EpochState | null): Settlement | null {
  const index = closedRegistration(config, p);
  if (index === null) return null;
  if (!epoch || epoch.index !== index) throw new Error(`the settlement of epoch ${index} needs that Epoch account`);
  // A user participant's points are usage, settled at the usage rate (accounts.rs `settle`).
  const pointsRate = p.kind === ParticipantKind.User ? epoch.usageRate : epoch.computeRate;
  const reward = mulDiv(big(p.regWeight), big(epoch.availabilityRate), REWARD_SCALE) + mulDiv(big(p.regPoints), big(pointsRate), REWARD_SCALE);
  const delegated = big(p.delegated);
  let perStake = 0n;
  let toStakers = 0n;
  if (delegated > 0n) {
    const cut = mulDiv(reward, BigInt(shareFor(p, index)), BPS);
    // A per-stake rate beyond u64, or one that would take the accumulator beyond it, distributes
    // nothing on chain (the participant keeps the cut; accounts.rs `credit`).
    const rate = (cut * REWARD_SCALE) / delegated;
    if (rate <= U64_MAX && big(p.accPerStake) + rate <= U64_MAX) {
      perStake = rate;
      toStakers = mulDivCeil(delegated, perStake, REWARD_SCALE);
    }
  }
  return { epoch: index, reward: bn(reward), toStakers: bn(toStakers), perStake: bn(perStake) };
}

/** What a `claim` by the position's staker would pay now. */
export interface ClaimPreview {
  /** The position's rewards: stored plus what the accumulator owes it (its share of settled epochs). */
  position: BN;
  /** The participant's own rewards (its authority's claim only): claimable plus the settlement's rest. */
  participant: BN;
  total: BN;
  /** Whether the claim activates stake whose epoch has come (a claim of nothing then succeeds). */
  activates: boolean;
  settlement: Settlement | null;
}

/** `claim`'s amount without sending it: settle, accrue, then the position's rewards plus, for the authority, the participant's. */
export function previewClaim(config: Pick<StakingConfigState, "epoch">, p: ParticipantState, pos: PositionState, epoch: EpochState | null): ClaimPreview {
  const settlement = settlementOf(config, p, epoch);
  const acc = big(p.accPerStake) + (settlement ? big(settlement.perStake) : 0n);
  const own = pos.staker.equals(p.authority);
  // The participant's own stake earns the participant's rewards, not its stakers' share.
  const earning = own ? 0n : big(pos.active);
  const position = big(pos.rewards) + mulDiv(earning, acc - big(pos.debt), REWARD_SCALE);
  const participant = own ? big(p.claimable) + (settlement ? big(settlement.reward) - big(settlement.toStakers) : 0n) : 0n;
  const activates = !pos.pending.isZero() && config.epoch >= pos.pendingEpoch;
  return { position: bn(position), participant: bn(participant), total: bn(position + participant), activates, settlement };
}

/** A position staked to another participant holds at least this (1 IO) or nothing (state.rs `MIN_DELEGATION`). */
export const MIN_DELEGATION = new BN(100_000_000);

/**
 * Whether `claim` with `compound` would pass for this preview (accounts.rs `check_delegation`):
 * the participant's own position always; another staker's only when, its pending stake activated
 * if due, the position then holds at least 1 IO (a reward below 1 IO onto no active stake is
 * refused with `MinimumStake`: claim it without compounding). A claim of nothing always passes.
 */
export function canCompound(p: ParticipantState, pos: PositionState, preview: ClaimPreview): boolean {
  if (pos.staker.equals(p.authority) || preview.total.isZero()) return true;
  const active = preview.activates ? pos.active.add(pos.pending) : pos.active;
  const pending = preview.activates ? new BN(0) : pos.pending;
  return active.add(pending).add(preview.total).gte(MIN_DELEGATION);
}

/** What `claim` would pay the position's staker now (`lastEpoch`: the participant's closed outstanding Epoch, if any). */
export function pendingRewards(
  p: ParticipantState,
  position: PositionState,
  config: Pick<StakingConfigState, "epoch">,
  lastEpoch: EpochState | null,
): BN {
  return previewClaim(config, p, position, lastEpoch).total;
}

/**
 * One oracle's availability vote as the program stores it (rewards.rs `availability_factor`):
 * for a pass, its reputation (1 to 10,000 bps) times the multiple of the hardware class it
 * measured, 1 + min(class, 8) / 4, in bps (at most 30,000); 0 for a fail.
 */
export function availabilityFactor(passed: boolean, reputationBps: number, hardwareClass: number): number {
  if (!passed) return 0;
  const reputation = Math.min(Math.max(reputationBps, 1), 10_000);
  return Math.floor((reputation * (4 + Math.min(hardwareClass, 8))) / 4);
}

/** The stake a node's availability weight counts (rewards.rs `weight_stake`): own + min(delegated, own), up to the cap. */
export function weightStake(ownStake: BN, delegated: BN, weightCap: BN): BN {
  return BN.min(ownStake.add(BN.min(delegated, ownStake)), weightCap);
}

/** A node's availability weight at a figure (a factor in bps): its weight stake x figure / 10,000, rounded down. */
export function availabilityWeight(ownStake: BN, delegated: BN, weightCap: BN, figureBps: number): BN {
  return weightStake(ownStake, delegated, weightCap).muln(figureBps).divn(10_000);
}
