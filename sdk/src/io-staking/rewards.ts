/** What a claim would pay now, computed off chain with the program's own rounding. */
import BN from "bn.js";
import { EpochState, ParticipantState, PositionState, StakingConfigState } from "./accounts";

const SCALE = new BN(1_000_000_000);
const BPS = new BN(10_000);

/** The share in force for `epoch` (a change applies from its epoch on). */
function shareFor(p: ParticipantState, epoch: number): number {
  return p.nextShareEpoch !== 0 && epoch >= p.nextShareEpoch ? p.nextShareBps : p.shareBps;
}

/**
 * The participant after settling its outstanding registration, if that epoch has closed
 * (`lastEpoch` is that Epoch): its accumulator and claimable rewards, as the program computes them.
 */
export function settledParticipant(
  p: ParticipantState,
  config: Pick<StakingConfigState, "epoch">,
  lastEpoch: EpochState | null,
): { accPerStake: BN; claimable: BN } {
  const outstanding = !p.regWeight.isZero() || !p.regPoints.isZero();
  if (!outstanding || p.regEpoch >= config.epoch) return { accPerStake: p.accPerStake, claimable: p.claimable };
  if (!lastEpoch || lastEpoch.index !== p.regEpoch) throw new Error(`the participant's epoch ${p.regEpoch} is needed to settle it`);
  const reward = p.regWeight.mul(lastEpoch.availabilityRate).div(SCALE).add(p.regPoints.mul(lastEpoch.computeRate).div(SCALE));
  let perStake = new BN(0);
  let toStakers = new BN(0);
  if (!p.delegated.isZero()) {
    const cut = reward.muln(shareFor(p, p.regEpoch)).div(BPS);
    perStake = cut.mul(SCALE).div(p.delegated);
    toStakers = p.delegated.mul(perStake).div(SCALE);
  }
  return { accPerStake: p.accPerStake.add(perStake), claimable: p.claimable.add(reward.sub(toStakers)) };
}

/** What `claim` would pay the position's staker now (its own rewards and, for the participant's authority, the participant's). */
export function pendingRewards(
  p: ParticipantState,
  position: PositionState,
  config: Pick<StakingConfigState, "epoch">,
  lastEpoch: EpochState | null,
): BN {
  const settled = settledParticipant(p, config, lastEpoch);
  const own = position.staker.equals(p.authority);
  const earning = own ? new BN(0) : position.active;
  const accrued = earning.mul(settled.accPerStake.sub(position.debt)).div(SCALE);
  const rewards = position.rewards.add(accrued);
  return own ? rewards.add(settled.claimable) : rewards;
}
