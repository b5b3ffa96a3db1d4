//! The participant and position logic every instruction shares: settling a registration of a
//! closed epoch, registering weight and points in the open epoch, and bringing a position up to
//! date. All O(1): one participant, one position, at most one epoch account.

use crate::{
    interface::{Error, Settled},
    rewards::{earned, to_stakers},
    state::{Epoch, Participant, Position, StakingConfig, SCALE},
};
use io_common::math::mul_div;
use pinocchio::AccountView;

io_common::account_access!(read pub read_config: StakingConfig, Error::InvalidConfig);
io_common::account_access!(write pub with_config_mut: StakingConfig, Error::InvalidConfig, decode Error::InvalidConfig);
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
            let reward = earned(p.reg_weight.get(), e.availability_rate.get())
                .zip(earned(p.reg_points.get(), e.compute_rate.get()))
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
        let share = share_for(p, reg_epoch);
        let (per_stake, to_stakers) =
            to_stakers(reward, share, p.delegated.get()).ok_or(Error::ArithmeticOverflow)?;
        let acc = p.acc_per_stake.get().checked_add(per_stake);
        let owed = p.stakers_owed.get().checked_add(to_stakers);
        let claimable = reward
            .checked_sub(to_stakers)
            .and_then(|own| p.claimable.get().checked_add(own));
        p.acc_per_stake.set(acc.ok_or(Error::ArithmeticOverflow)?);
        p.stakers_owed.set(owed.ok_or(Error::ArithmeticOverflow)?);
        p.claimable.set(claimable.ok_or(Error::ArithmeticOverflow)?);
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
pub fn register(
    config: &mut StakingConfig,
    p: &mut Participant,
    weight: u64,
    points: u64,
) -> Result<(), Error> {
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
    let open_points = config.open_points.get().checked_add(points);
    p.reg_weight
        .set(reg_weight.ok_or(Error::ArithmeticOverflow)?);
    p.reg_points
        .set(reg_points.ok_or(Error::ArithmeticOverflow)?);
    config
        .open_weight
        .set(open_weight.ok_or(Error::ArithmeticOverflow)?);
    config
        .open_points
        .set(open_points.ok_or(Error::ArithmeticOverflow)?);
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
