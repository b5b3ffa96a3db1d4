//! `unstake`: active stake into cooldown. It stops earning at once; `withdraw` pays it out when
//! the cooldown has passed: the one the position was staked under, or the governed one if
//! governance has shortened it since (never a longer one: an admin cannot freeze stake already
//! committed). A node's own stake cannot leave while a slash is pending.

use super::now;
use crate::{
    accounts::{
        accrue, check_delegation, check_unlocked, record_power, record_total, settle, undelegate,
        voting_stake, with_config_mut, with_participant_mut, with_position_mut,
    },
    interface::{unstake, Error, Unstaked},
    state::SLASH_NONE,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = unstake::Accounts::parse(accounts)?;
    let args = unstake::Args::parse(data)?;
    if args.amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    let now = now()?;
    let cooldown_end = with_config_mut(&a.config, |config| {
        with_participant_mut(&a.participant, |p| {
            with_position_mut(&a.position, |pos| {
                if &pos.staker != a.staker.address() || &pos.participant != a.participant.address()
                {
                    return Err(Error::InvalidPosition);
                }
                check_unlocked(pos, now)?;
                settle(config, p, &a.participant, &a.last_epoch)?;
                accrue(config, p, pos)?;
                let before = voting_stake(pos)?;
                let active = pos.active.get().checked_sub(args.amount);
                pos.active.set(active.ok_or(Error::InsufficientStake)?);
                if &p.authority == a.staker.address() {
                    if p.slash_state != SLASH_NONE {
                        return Err(Error::SlashPending);
                    }
                    let own = p.own_stake.get().checked_sub(args.amount);
                    p.own_stake.set(own.ok_or(Error::InsufficientStake)?);
                } else {
                    // A position keeps at least 1 IO or nothing, pending stake included: that
                    // bounds the accumulator.
                    check_delegation(pos)?;
                    undelegate(config, p, args.amount)?;
                }
                let cooling = pos.cooling.get().checked_add(args.amount);
                let cooldown = pos.cooldown.get().min(config.cooldown.get());
                let end = now.saturating_add(cooldown as i64);
                pos.cooling.set(cooling.ok_or(Error::ArithmeticOverflow)?);
                pos.cooldown_end.set(end);
                record_power(config.epoch.get(), pos, before)?;
                record_total(config, before, voting_stake(pos)?)?;
                Ok(end)
            })
        })
    })?;
    Unstaked {
        participant: *a.participant.address(),
        staker: *a.staker.address(),
        amount: args.amount,
        cooldown_end,
    }
    .emit();
    Ok(())
}
