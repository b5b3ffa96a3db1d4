//! The participant and position logic every instruction shares: settling a registration of a
//! closed epoch, registering weight and points in the open epoch, and bringing a position up to
//! date. All O(1): one participant, one position, at most one epoch account.

use crate::{
    interface::{Error, Settled},
    rewards::{earned, to_stakers},
    state::{Epoch, Participant, Position, StakingConfig, KIND_USER, MIN_DELEGATION, SCALE},
};
use io_common::math::mul_div;
use io_common::staking::{after_change, checkpoint, Checkpoint};
use pinocchio::AccountView;

io_common::account_access!(read pub read_config: StakingConfig, Error::InvalidConfig);

/// `to` may receive IO from this program: it is not a token account of the program's authority
/// (the stake or rewards vault, or any other), where the IO would stay with nobody's name on it.
pub fn check_destination(to: &AccountView, config: &StakingConfig) -> Result<(), Error> {
    let authority = pinocchio::Address::derive_address(
        &io_common::seeds![crate::state::AUTHORITY_SEED],
        Some(config.authority_bump),
        &crate::ID,
    );
    if io_common::account::token_account_owner(to) == Some(authority) {
        return Err(Error::InvalidDestination);
    }
    Ok(())
}
io_common::account_access!(write pub with_config_mut: StakingConfig, Error::InvalidConfig, decode Error::InvalidConfig);
io_common::account_access!(read pub read_participant: Participant, Error::InvalidParticipant, decode Error::InvalidParticipant);
io_common::account_access!(write pub with_participant_mut: Participant, Error::InvalidParticipant, decode Error::InvalidParticipant);
io_common::account_access!(write pub with_position_mut: Position, Error::InvalidPosition, decode Error::InvalidPosition);
io_common::account_access!(write pub with_epoch_mut: Epoch, Error::WrongEpoch, decode Error::WrongEpoch);

/// Moves dust nobody can claim back to the carried pool.
fn release(config: &mut StakingConfig, dust: u64) -> Result<(), Error> {
    let liabilities = config.liabilities.get().checked_sub(dust);
    let carried = config.carried.get().checked_add(dust);
    config
        .liabilities
        .set(liabilities.ok_or(Error::ArithmeticOverflow)?);
    config
        .carried
        .set(carried.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// The share in force for `epoch`.
fn share_for(p: &Participant, epoch: u32) -> u16 {
    let next = p.next_share_epoch.get();
    if next != 0 && epoch >= next {
        p.next_share_bps.get()
    } else {
        p.share_bps.get()
    }
}

/// Credits a settled `reward` of a registration made at `share_bps`: the stakers' part into
/// the accumulator over the stake delegated now (stakers_owed rounding up, see `to_stakers`),
/// the rest to the participant. Returns what went to the stakers.
pub fn credit(p: &mut Participant, reward: u64, share_bps: u16) -> Result<u64, Error> {
    let (per_stake, to_stakers) =
        to_stakers(reward, share_bps, p.delegated.get()).ok_or(Error::ArithmeticOverflow)?;
    // The accumulator stays far below u64 while every delegation is at least MIN_DELEGATION
    // (`check_delegation`; docs/staking.md, "The accumulator's bound"). Should it ever reach
    // the top, the participant keeps the cut rather than every settlement failing for good.
    let (acc, to_stakers) = match p.acc_per_stake.get().checked_add(per_stake) {
        Some(acc) => (acc, to_stakers),
        None => (p.acc_per_stake.get(), 0),
    };
    let owed = p.stakers_owed.get().checked_add(to_stakers);
    let claimable = reward
        .checked_sub(to_stakers)
        .and_then(|own| p.claimable.get().checked_add(own));
    p.acc_per_stake.set(acc);
    p.stakers_owed.set(owed.ok_or(Error::ArithmeticOverflow)?);
    p.claimable.set(claimable.ok_or(Error::ArithmeticOverflow)?);
    Ok(to_stakers)
}

/// Settles the participant's registration if its epoch has closed: `last_epoch` must then be
/// that Epoch. Its reward goes to the participant, and the stakers' share into the accumulator
/// over the stake delegated now (stake only activates at epoch boundaries and stops earning
/// when unstaked, and every change of it settles first). Also applies a share change that is due.
pub fn settle(
    config: &mut StakingConfig,
    p: &mut Participant,
    participant: &AccountView,
    last_epoch: &AccountView,
) -> Result<(), Error> {
    let reg_epoch = p.reg_epoch.get();
    let outstanding = p.reg_weight.get() != 0 || p.reg_points.get() != 0;
    if outstanding && reg_epoch < config.epoch.get() {
        let reward = with_epoch_mut(last_epoch, |e| {
            if e.index.get() != reg_epoch {
                return Err(Error::WrongEpoch);
            }
            // A user participant's points are usage (USD paid), settled at the usage rate.
            let points_rate = if p.kind == KIND_USER {
                e.usage_rate.get()
            } else {
                e.compute_rate.get()
            };
            let reward = earned(p.reg_weight.get(), e.availability_rate.get())
                .zip(earned(p.reg_points.get(), points_rate))
                .and_then(|(a, c)| a.checked_add(c))
                .ok_or(Error::ArithmeticOverflow)?;
            let remaining = e.remaining.get().checked_sub(reward);
            e.remaining.set(remaining.ok_or(Error::ArithmeticOverflow)?);
            e.outstanding.set(e.outstanding.get().saturating_sub(1));
            if e.outstanding.get() == 0 {
                // The last registration of the epoch settled: its rounding dust is free again.
                release(config, e.remaining.get())?;
                e.remaining.set(0);
            }
            Ok(reward)
        })?;
        let to_stakers = credit(p, reward, share_for(p, reg_epoch))?;
        p.reg_weight.set(0);
        p.reg_points.set(0);
        Settled {
            participant: *participant.address(),
            epoch: reg_epoch,
            reward,
            to_stakers,
        }
        .emit();
    }
    // Anything still registered is in the open epoch now, so a due share change is safe to apply.
    let next = p.next_share_epoch.get();
    if next != 0 && config.epoch.get() >= next {
        p.share_bps.set(p.next_share_bps.get());
        p.next_share_epoch.set(0);
    }
    Ok(())
}

/// Registers `weight` and `points` for the participant in the open epoch (after settling).
/// Nothing at all registers nothing: a registration is counted in the epoch only when it can
/// settle (it has weight or points), so the epoch's last settlement can release its dust.
/// A user participant's points are usage (USD paid in settled jobs, `sync_usage`): they count
/// in the config's `open_usage`, a node's in `open_points`.
pub fn register(
    config: &mut StakingConfig,
    p: &mut Participant,
    weight: u64,
    points: u64,
) -> Result<(), Error> {
    if weight == 0 && points == 0 {
        return Ok(());
    }
    if p.reg_weight.get() == 0 && p.reg_points.get() == 0 {
        let count = config.open_registrations.get().checked_add(1);
        config
            .open_registrations
            .set(count.ok_or(Error::ArithmeticOverflow)?);
        p.reg_epoch.set(config.epoch.get());
    }
    let reg_weight = p.reg_weight.get().checked_add(weight);
    let reg_points = p.reg_points.get().checked_add(points);
    let open_weight = config.open_weight.get().checked_add(weight);
    let open = if p.kind == KIND_USER {
        &mut config.open_usage
    } else {
        &mut config.open_points
    };
    let open_points = open.get().checked_add(points);
    p.reg_weight
        .set(reg_weight.ok_or(Error::ArithmeticOverflow)?);
    p.reg_points
        .set(reg_points.ok_or(Error::ArithmeticOverflow)?);
    open.set(open_points.ok_or(Error::ArithmeticOverflow)?);
    config
        .open_weight
        .set(open_weight.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// Brings a position up to date with its (settled) participant: accrues its share of the
/// accumulator, then activates stake staked in an earlier epoch (true when it did). Stake
/// therefore earns from the first touch (stake, unstake, claim) after its epoch ended.
pub fn accrue(
    config: &StakingConfig,
    p: &mut Participant,
    pos: &mut Position,
) -> Result<bool, Error> {
    let delta = p
        .acc_per_stake
        .get()
        .checked_sub(pos.debt.get())
        .ok_or(Error::ArithmeticOverflow)?;
    // The participant's own stake earns the participant's rewards, not its stakers' share.
    let earning = if pos.staker == p.authority {
        0
    } else {
        pos.active.get()
    };
    let earned = mul_div(earning, delta, SCALE).ok_or(Error::ArithmeticOverflow)?;
    let rewards = pos.rewards.get().checked_add(earned);
    let owed = p.stakers_owed.get().checked_sub(earned);
    pos.rewards.set(rewards.ok_or(Error::ArithmeticOverflow)?);
    p.stakers_owed.set(owed.ok_or(Error::ArithmeticOverflow)?);
    pos.debt.set(p.acc_per_stake.get());
    if pos.pending.get() != 0 && config.epoch.get() >= pos.pending_epoch.get() {
        let active = pos.active.get().checked_add(pos.pending.get());
        let delegated = p.delegated.get().checked_add(pos.pending.get());
        pos.active.set(active.ok_or(Error::ArithmeticOverflow)?);
        p.delegated.set(delegated.ok_or(Error::ArithmeticOverflow)?);
        pos.pending.set(0);
        return Ok(true);
    }
    Ok(false)
}

/// A position staked to another participant holds at least `MIN_DELEGATION` or nothing, in
/// active stake and in active plus pending stake (which becomes active at the staker's next
/// touch). So a participant's `delegated`, the sum of its positions' active stake, is 0 or at
/// least 1 IO at every settlement, which bounds the accumulator (docs/staking.md, "The
/// accumulator's bound"). Checked after every change of a delegated position's stake: `stake`
/// (whose amount is at least 1 IO), `unstake` and a compounding `claim`.
pub fn check_delegation(pos: &Position) -> Result<(), Error> {
    let active = pos.active.get();
    let total = active
        .checked_add(pos.pending.get())
        .ok_or(Error::ArithmeticOverflow)?;
    let held = |stake: u64| stake == 0 || stake >= MIN_DELEGATION;
    if held(active) && held(total) {
        Ok(())
    } else {
        Err(Error::MinimumStake)
    }
}

/// A position's voting stake: active plus pending (cooling stake does not vote).
pub fn voting_stake(pos: &Position) -> Result<u64, Error> {
    pos.active
        .get()
        .checked_add(pos.pending.get())
        .ok_or(Error::ArithmeticOverflow)
}

/// Records a change of the position's voting stake from `before` to what it holds now, in the
/// open `epoch`: the position's checkpoint (io_common::staking; docs/governance.md, "Voting
/// power"). Every instruction that changes active plus pending calls it, and
/// [`record_total`] with the same figures.
pub fn record_power(epoch: u32, pos: &mut Position, before: u64) -> Result<(), Error> {
    let mut c = Checkpoint {
        stake: before,
        power_epoch: pos.power_epoch.get(),
        power_base: pos.power_base.get(),
    };
    checkpoint(&mut c, epoch);
    after_change(&mut c, voting_stake(pos)?);
    pos.power_epoch.set(c.power_epoch);
    pos.power_base.set(c.power_base);
    Ok(())
}

/// The config's side of [`record_power`]: the total voting stake now and at the start of the
/// open epoch (rolled lazily, as a position's checkpoint).
pub fn record_total(config: &mut StakingConfig, before: u64, after: u64) -> Result<(), Error> {
    let epoch = config.epoch.get();
    if config.power_epoch.get() < epoch {
        config.power_start.set(config.voting_total.get());
        config.power_epoch.set(epoch);
    }
    let total = config
        .voting_total
        .get()
        .checked_sub(before)
        .and_then(|t| t.checked_add(after));
    config
        .voting_total
        .set(total.ok_or(Error::ArithmeticOverflow)?);
    Ok(())
}

/// Refuses while a governance vote locks the position.
pub fn check_unlocked(pos: &Position, now: i64) -> Result<(), Error> {
    if now < pos.locked_until.get() {
        return Err(Error::PositionLocked);
    }
    Ok(())
}

/// Takes `amount` of delegated stake out of the accumulator; with none left, what the
/// stakers were owed beyond their claims is rounding dust and goes back to the carried pool.
pub fn undelegate(
    config: &mut StakingConfig,
    p: &mut Participant,
    amount: u64,
) -> Result<(), Error> {
    let delegated = p.delegated.get().checked_sub(amount);
    p.delegated.set(delegated.ok_or(Error::InsufficientStake)?);
    if p.delegated.get() == 0 {
        release(config, p.stakers_owed.get())?;
        p.stakers_owed.set(0);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    //! The rounding proof of docs/staking.md ("Rounding") as a property: whatever the
    //! positions, epochs, settlements and touches, what the stakers are owed covers what every
    //! position would earn if it accrued now, so `accrue`'s subtraction never fails.
    use super::*;
    use crate::state::MIN_DELEGATION;
    use io_common::testing::Rng;
    use pinocchio::Address;
    extern crate std;
    use std::{vec, vec::Vec};

    const BPS_TEST: u64 = crate::state::BPS;

    /// Amounts of every magnitude, awkward ones included.
    fn random_amount(rng: &mut Rng, max_digits: u32) -> u64 {
        let digits = rng.below(max_digits as u64) as u32;
        rng.below(10u64.pow(digits)) + rng.below(2)
    }

    /// Σ over positions of floor(active x (acc - debt) / 1e9): what they would earn now.
    fn earnable(p: &Participant, positions: &mut [Vec<u8>]) -> (u128, u128) {
        let acc = p.acc_per_stake.get() as u128;
        let (mut floors, mut exact) = (0u128, 0u128);
        for data in positions.iter_mut() {
            let pos = Position::from_bytes_mut(data).unwrap();
            let product = pos.active.get() as u128 * (acc - pos.debt.get() as u128);
            floors += product / SCALE as u128;
            exact += product;
        }
        (floors, exact)
    }

    #[test]
    fn stakers_owed_always_covers_what_the_positions_earn() {
        let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
        let mut floor_rule_short = 0usize;
        for _case in 0..3_000 {
            let mut config_data = vec![0u8; StakingConfig::LEN];
            let config = StakingConfig::init(&mut config_data).unwrap();
            let mut participant_data = vec![0u8; Participant::LEN];
            let p = Participant::init(&mut participant_data).unwrap();
            p.authority = Address::new_from_array([1; 32]);
            let n = 1 + rng.below(5) as usize;
            let mut positions: Vec<Vec<u8>> = (0..n)
                .map(|i| {
                    let mut data = vec![0u8; Position::LEN];
                    let pos = Position::init(&mut data).unwrap();
                    pos.staker = Address::new_from_array([2 + i as u8; 32]);
                    data
                })
                .collect();
            // What the old rule (floor) would have owed, to show the cases reach the edge.
            let mut floor_owed: u128 = 0;
            let digits = 4 + rng.below(12) as u32;
            for _step in 0..60 {
                let i = rng.below(n as u64) as usize;
                match rng.below(6) {
                    // A settlement: a reward at a share within 1-3% (or any share).
                    0 | 1 => {
                        let reward = random_amount(&mut rng, digits);
                        let share = if rng.below(4) == 0 {
                            rng.below(10_001) as u16
                        } else {
                            100 + rng.below(201) as u16
                        };
                        let owed_before = p.stakers_owed.get();
                        let (_, old) = crate::rewards::to_stakers(reward, share, p.delegated.get())
                            .map(|(per, _)| {
                                (per, p.delegated.get() as u128 * per as u128 / SCALE as u128)
                            })
                            .unwrap();
                        config.liabilities.set(config.liabilities.get() + reward);
                        let to_stakers = credit(p, reward, share).unwrap();
                        assert_eq!(p.stakers_owed.get(), owed_before + to_stakers);
                        floor_owed += old;
                    }
                    // The epoch closes.
                    2 => config.epoch.set(config.epoch.get() + 1),
                    // A stake: accrue, then pending until the next epoch.
                    3 => {
                        let pos = Position::from_bytes_mut(&mut positions[i]).unwrap();
                        let earned_before = pos.rewards.get();
                        accrue(config, p, pos).unwrap();
                        floor_owed -= (pos.rewards.get() - earned_before) as u128;
                        let amount = MIN_DELEGATION + random_amount(&mut rng, digits);
                        pos.pending.set(pos.pending.get() + amount);
                        pos.pending_epoch.set(config.epoch.get() + 1);
                    }
                    // An unstake of part or all (a position keeps at least 1 IO or nothing).
                    4 => {
                        let pos = Position::from_bytes_mut(&mut positions[i]).unwrap();
                        let earned_before = pos.rewards.get();
                        accrue(config, p, pos).unwrap();
                        floor_owed -= (pos.rewards.get() - earned_before) as u128;
                        let active = pos.active.get();
                        if active > 0 {
                            let amount = if rng.below(2) == 0 || active < 2 * MIN_DELEGATION {
                                active
                            } else {
                                1 + rng.below(active - MIN_DELEGATION)
                            };
                            pos.active.set(active - amount);
                            undelegate(config, p, amount).unwrap();
                            if p.delegated.get() == 0 {
                                floor_owed = 0;
                            }
                        }
                    }
                    // A claim (or any touch): accrue and pay.
                    _ => {
                        let pos = Position::from_bytes_mut(&mut positions[i]).unwrap();
                        let earned_before = pos.rewards.get();
                        accrue(config, p, pos).unwrap();
                        floor_owed =
                            floor_owed.saturating_sub((pos.rewards.get() - earned_before) as u128);
                        let paid = pos.rewards.get();
                        pos.rewards.set(0);
                        config.liabilities.set(config.liabilities.get() - paid);
                    }
                }
                // The inequality: Σ floor(active_i x Δacc_i / 1e9) <= stakers_owed, and the
                // invariant behind it, stakers_owed x 1e9 >= Σ active_i x Δacc_i.
                let (floors, exact) = earnable(p, &mut positions);
                let owed = p.stakers_owed.get() as u128;
                assert!(floors <= owed, "{floors} > {owed}");
                assert!(exact <= owed * SCALE as u128);
                if floors > floor_owed {
                    floor_rule_short += 1;
                }
            }
            // Everyone leaves: every accrual succeeds and nothing is owed any more.
            for data in positions.iter_mut() {
                let pos = Position::from_bytes_mut(data).unwrap();
                accrue(config, p, pos).unwrap();
                let active = pos.active.get();
                if active > 0 {
                    pos.active.set(0);
                    undelegate(config, p, active).unwrap();
                }
            }
            assert_eq!(p.delegated.get(), 0);
            assert_eq!(p.stakers_owed.get(), 0);
        }
        // The floor rule would have owed less than the positions earn in many of these cases.
        assert!(floor_rule_short > 100, "{floor_rule_short}");
    }

    /// The accumulator's bound (docs/staking.md): whatever the stakes, unstakes (of any amount)
    /// and compounded claims (of any reward), the changes `check_delegation` lets through keep
    /// every delegated position at 0 or at least 1 IO, active and active plus pending, so the
    /// participant's delegated stake is 0 or at least 1 IO at every settlement and a
    /// settlement adds at most cut x 1e9 / 1e8 = 10 x cut to the accumulator. A refused
    /// change leaves everything as it was (the transaction fails).
    #[test]
    fn delegated_stake_is_nothing_or_at_least_one_io_at_every_settlement() {
        let mut rng = Rng(0x0DDB_1A5E_5BAD_5EED);
        let (mut refused, mut settled_on_minimum) = (0usize, 0usize);
        for _case in 0..2_000 {
            let mut config_data = vec![0u8; StakingConfig::LEN];
            StakingConfig::init(&mut config_data).unwrap();
            let mut participant_data = vec![0u8; Participant::LEN];
            Participant::init(&mut participant_data).unwrap().authority =
                Address::new_from_array([1; 32]);
            let n = 1 + rng.below(4) as usize;
            let mut positions: Vec<Vec<u8>> = (0..n)
                .map(|i| {
                    let mut data = vec![0u8; Position::LEN];
                    Position::init(&mut data).unwrap().staker =
                        Address::new_from_array([2 + i as u8; 32]);
                    data
                })
                .collect();
            let digits = 3 + rng.below(10) as u32;
            for _step in 0..80 {
                let i = rng.below(n as u64) as usize;
                let (config_before, participant_before, position_before) = (
                    config_data.clone(),
                    participant_data.clone(),
                    positions[i].clone(),
                );
                let config = StakingConfig::from_bytes_mut(&mut config_data).unwrap();
                let p = Participant::from_bytes_mut(&mut participant_data).unwrap();
                let pos = Position::from_bytes_mut(&mut positions[i]).unwrap();
                let result: Result<(), Error> = match rng.below(5) {
                    // A settlement at any share: what it adds to the accumulator is bounded.
                    0 => {
                        let reward = random_amount(&mut rng, 16);
                        let share = rng.below(BPS_TEST + 1) as u16;
                        config.liabilities.set(config.liabilities.get() + reward);
                        let delegated = p.delegated.get();
                        let acc = p.acc_per_stake.get();
                        credit(p, reward, share).unwrap();
                        let cut = reward as u128 * share as u128 / BPS_TEST as u128;
                        let per_stake = (p.acc_per_stake.get() - acc) as u128;
                        assert!(per_stake * MIN_DELEGATION as u128 <= cut * SCALE as u128);
                        if delegated == MIN_DELEGATION {
                            settled_on_minimum += 1;
                        }
                        Ok(())
                    }
                    1 => {
                        config.epoch.set(config.epoch.get() + 1);
                        Ok(())
                    }
                    // A stake (at least 1 IO, as `stake` requires), pending until the next epoch.
                    2 => accrue(config, p, pos).map(|_| {
                        pos.pending.set(
                            pos.pending.get() + MIN_DELEGATION + random_amount(&mut rng, digits),
                        );
                        pos.pending_epoch.set(config.epoch.get() + 1);
                    }),
                    // An unstake of any amount up to the active stake.
                    3 => accrue(config, p, pos).and_then(|_| {
                        let active = pos.active.get();
                        let amount = match rng.below(3) {
                            0 => active,
                            1 => active.saturating_sub(rng.below(MIN_DELEGATION)),
                            _ => 1 + rng.below(active.max(1)),
                        }
                        .min(active);
                        if amount == 0 {
                            return Ok(());
                        }
                        pos.active.set(active - amount);
                        check_delegation(pos)?;
                        undelegate(config, p, amount)
                    }),
                    // A compounding claim of any reward (a dust one too) into pending.
                    _ => accrue(config, p, pos).and_then(|_| {
                        let amount = pos.rewards.get() + random_amount(&mut rng, digits.min(9));
                        pos.rewards.set(0);
                        pos.pending.set(pos.pending.get() + amount);
                        pos.pending_epoch.set(config.epoch.get() + 1);
                        check_delegation(pos)
                    }),
                };
                if result.is_err() {
                    assert_eq!(result, Err(Error::MinimumStake));
                    refused += 1;
                    config_data = config_before;
                    participant_data = participant_before;
                    positions[i] = position_before;
                }
                // Every position holds 0 or at least 1 IO (active, and active plus pending), and
                // the participant's delegated stake is their active sum: 0 or at least 1 IO.
                let p = Participant::from_bytes_mut(&mut participant_data).unwrap();
                let mut sum = 0u64;
                for data in positions.iter_mut() {
                    let pos = Position::from_bytes_mut(data).unwrap();
                    check_delegation(pos).unwrap();
                    sum += pos.active.get();
                }
                assert_eq!(p.delegated.get(), sum);
                assert!(sum == 0 || sum >= MIN_DELEGATION, "delegated {sum}");
            }
        }
        // The random walk reaches the edges: refusals, and settlements over exactly 1 IO.
        assert!(refused > 1_000, "{refused}");
        assert!(settled_on_minimum > 10, "{settled_on_minimum}");
    }

    #[test]
    fn a_settlement_that_would_overflow_the_accumulator_leaves_the_cut_with_the_participant() {
        let mut data = vec![0u8; Participant::LEN];
        let p = Participant::init(&mut data).unwrap();
        p.delegated.set(MIN_DELEGATION);
        p.acc_per_stake.set(u64::MAX - 5);
        assert_eq!(credit(p, 1_000_000, 300), Ok(0));
        assert_eq!(p.acc_per_stake.get(), u64::MAX - 5);
        assert_eq!(p.claimable.get(), 1_000_000);
        assert_eq!(p.stakers_owed.get(), 0);
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod voting_tests {
    //! Voting power (docs/governance.md, "Voting power"): the checkpoint gives, for every
    //! proposal start epoch, exactly the least voting stake the position held from that epoch's
    //! start to now, or refuses; the config's total bounds the sum of every position's power.
    use super::*;
    use core::mem::offset_of;
    use io_common::staking::{self as st, power_for, total_for, PowerError};
    use io_common::testing::Rng;
    extern crate std;
    use std::{vec, vec::Vec};

    #[test]
    fn io_common_reads_the_layouts_io_staking_writes() {
        assert_eq!(st::POSITION_LEN, Position::LEN);
        assert_eq!(st::POSITION_PARTICIPANT, offset_of!(Position, participant));
        assert_eq!(st::POSITION_STAKER, offset_of!(Position, staker));
        assert_eq!(st::POSITION_ACTIVE, offset_of!(Position, active));
        assert_eq!(st::POSITION_PENDING, offset_of!(Position, pending));
        assert_eq!(st::POSITION_POWER_EPOCH, offset_of!(Position, power_epoch));
        assert_eq!(st::POSITION_POWER_BASE, offset_of!(Position, power_base));
        assert_eq!(
            st::POSITION_LOCKED_UNTIL,
            offset_of!(Position, locked_until)
        );
        assert_eq!(st::CONFIG_LEN, StakingConfig::LEN);
        assert_eq!(st::CONFIG_EPOCH, offset_of!(StakingConfig, epoch));
        assert_eq!(
            st::CONFIG_POWER_EPOCH,
            offset_of!(StakingConfig, power_epoch)
        );
        assert_eq!(
            st::CONFIG_POWER_START,
            offset_of!(StakingConfig, power_start)
        );
        assert_eq!(
            st::CONFIG_VOTING_TOTAL,
            offset_of!(StakingConfig, voting_total)
        );
        assert_eq!(st::IO_STAKING_ID, crate::ID);
        let (config, _) =
            pinocchio::Address::find_program_address(&[crate::state::CONFIG_SEED], &crate::ID);
        assert_eq!(st::STAKING_CONFIG, config);
        // A position's bytes parse back to its fields.
        let mut data = vec![0u8; Position::LEN];
        let pos = Position::init(&mut data).unwrap();
        pos.staker = pinocchio::Address::new_from_array([7; 32]);
        pos.active.set(5);
        pos.pending.set(6);
        pos.power_epoch.set(9);
        pos.power_base.set(4);
        pos.locked_until.set(-3);
        let view = st::parse_position(&data).unwrap();
        assert_eq!(view.staker, pinocchio::Address::new_from_array([7; 32]));
        assert_eq!(view.checkpoint.stake, 11);
        assert_eq!(view.checkpoint.power_epoch, 9);
        assert_eq!(view.checkpoint.power_base, 4);
        assert_eq!(view.locked_until, -3);
    }

    /// Random stakes, unstakes (active), pending stake, slashes and epoch closes over several
    /// positions, through the program's own `record_power`/`record_total`; after every step,
    /// for every start epoch up to the open one, each position's power is exactly the least
    /// voting stake it held from that epoch's start (or refused iff it changed in a later
    /// epoch), and no set of positions' power exceeds the config's total for that start.
    #[test]
    fn power_is_the_least_stake_held_since_the_start_epoch_and_never_counts_twice() {
        let mut rng = Rng(0x0A11_CE5E_ED00_0015);
        let mut refusals = 0usize;
        let mut partial = 0usize;
        for _case in 0..400 {
            let mut config_data = vec![0u8; StakingConfig::LEN];
            let config = StakingConfig::init(&mut config_data).unwrap();
            let n = 1 + rng.below(4) as usize;
            let mut positions: Vec<Vec<u8>> = (0..n)
                .map(|_| {
                    let mut data = vec![0u8; Position::LEN];
                    Position::init(&mut data).unwrap();
                    data
                })
                .collect();
            // history[i]: (epoch, stake after) of every change of position i; start[e]: total at
            // the start of epoch e.
            let mut history: Vec<Vec<(u32, u64)>> = vec![Vec::new(); n];
            let mut starts: Vec<u64> = vec![0];
            for _step in 0..80 {
                let i = rng.below(n as u64) as usize;
                let epoch = config.epoch.get();
                match rng.below(5) {
                    0 => {
                        // The epoch closes: remember the total at the next one's start.
                        let total: u64 = positions
                            .iter()
                            .map(|d| voting_stake(Position::from_bytes(d).unwrap()).unwrap())
                            .sum();
                        config.epoch.set(epoch + 1);
                        starts.push(total);
                        continue;
                    }
                    kind => {
                        let pos = Position::from_bytes_mut(&mut positions[i]).unwrap();
                        let before = voting_stake(pos).unwrap();
                        match kind {
                            1 => pos.active.set(pos.active.get() + 1 + rng.below(1_000)),
                            2 => pos.pending.set(pos.pending.get() + 1 + rng.below(1_000)),
                            _ => {
                                let cut = rng.below(pos.active.get() + 1);
                                pos.active.set(pos.active.get() - cut);
                            }
                        }
                        // Activation moves pending into active without changing the sum.
                        if rng.below(3) == 0 {
                            pos.active.set(pos.active.get() + pos.pending.get());
                            pos.pending.set(0);
                        }
                        record_power(epoch, pos, before).unwrap();
                        let after = voting_stake(pos).unwrap();
                        record_total(config, before, after).unwrap();
                        history[i].push((epoch, after));
                    }
                }
                let now = config.epoch.get();
                for s in 0..=now {
                    let mut sum = 0u64;
                    for (i, data) in positions.iter().enumerate() {
                        let pos = Position::from_bytes(data).unwrap();
                        let view = st::parse_position(data).unwrap();
                        // The truth: stake at the start of s, then every change since.
                        let at_start = history[i]
                            .iter()
                            .rfind(|(e, _)| *e < s)
                            .map_or(0, |(_, v)| *v);
                        let later: Vec<u64> = history[i]
                            .iter()
                            .filter(|(e, _)| *e >= s)
                            .map(|(_, v)| *v)
                            .collect();
                        let least = later.iter().copied().fold(at_start, u64::min);
                        let changed_after = history[i].iter().any(|(e, _)| *e > s);
                        match power_for(&view.checkpoint, s) {
                            Ok(power) => {
                                assert!(!changed_after);
                                assert_eq!(power, least, "position {i} start {s}");
                                assert!(power <= voting_stake(pos).unwrap());
                                if power < voting_stake(pos).unwrap() {
                                    partial += 1;
                                }
                                sum += power;
                            }
                            Err(PowerError::ChangedAfterStart) => {
                                assert!(changed_after);
                                refusals += 1;
                            }
                            Err(e) => panic!("{e:?}"),
                        }
                    }
                    // The counters' total at s is the sum of the stakes at s's start.
                    let total = total_for(
                        config.power_epoch.get(),
                        config.power_start.get(),
                        config.voting_total.get(),
                        s,
                    );
                    if let Some(total) = total {
                        assert_eq!(total, starts[s as usize], "start {s}");
                        assert!(sum <= total);
                    } else {
                        assert!(config.power_epoch.get() > s);
                    }
                }
            }
        }
        assert!(refusals > 1_000 && partial > 1_000, "{refusals} {partial}");
    }
}
