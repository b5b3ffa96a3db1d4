//! `claim`: the position's rewards, plus the participant's own rewards when the staker is its
//! authority, paid to `to` or re-staked. Works at any time and in any order: the participant's
//! outstanding epoch settles first, in O(1). It also activates stake whose epoch has ended
//! (a claim of nothing then succeeds).

use crate::{
    accounts::{
        accrue, check_delegation, check_destination, record_power, record_total, settle,
        voting_stake, with_config_mut, with_participant_mut, with_position_mut,
    },
    interface::{claim, Claimed, Error},
    state::{AUTHORITY_SEED, IO_DECIMALS},
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};
use pinocchio_token_2022::instructions::TransferChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = claim::Accounts::parse(accounts)?;
    let args = claim::Args::parse(data)?;
    let (amount, authority_bump) = with_config_mut(&a.config, |config| {
        if a.io_mint.address() != &config.io_mint
            || a.rewards_vault.address() != &config.rewards_vault
            || a.stake_vault.address() != &config.stake_vault
        {
            return Err(Error::InvalidVault);
        }
        if !args.compound {
            check_destination(&a.to, config)?;
        }
        let amount = with_participant_mut(&a.participant, |p| {
            with_position_mut(&a.position, |pos| {
                if &pos.staker != a.staker.address() || &pos.participant != a.participant.address()
                {
                    return Err(Error::InvalidPosition);
                }
                settle(config, p, &a.participant, &a.last_epoch)?;
                let activated = accrue(config, p, pos)?;
                let mut amount = pos.rewards.get();
                pos.rewards.set(0);
                let own = &p.authority == a.staker.address();
                if own {
                    amount = amount
                        .checked_add(p.claimable.get())
                        .ok_or(Error::ArithmeticOverflow)?;
                    p.claimable.set(0);
                }
                if amount == 0 {
                    // A claim of nothing still activates stake whose epoch has ended.
                    return if activated {
                        Ok(0)
                    } else {
                        Err(Error::NothingToClaim)
                    };
                }
                if args.compound {
                    let before = voting_stake(pos)?;
                    // Re-staked: the participant's own stake at once, another staker's from the next epoch.
                    if own {
                        let active = pos.active.get().checked_add(amount);
                        let own_stake = p.own_stake.get().checked_add(amount);
                        pos.active.set(active.ok_or(Error::ArithmeticOverflow)?);
                        p.own_stake.set(own_stake.ok_or(Error::ArithmeticOverflow)?);
                    } else {
                        let pending = pos.pending.get().checked_add(amount);
                        let next = config.epoch.get().checked_add(1);
                        pos.pending.set(pending.ok_or(Error::ArithmeticOverflow)?);
                        pos.pending_epoch
                            .set(next.ok_or(Error::ArithmeticOverflow)?);
                        // Like a stake: the position then holds at least 1 IO (a reward below
                        // it is claimed without compounding, or compounded onto 1 IO or more).
                        check_delegation(pos)?;
                    }
                    // A compounded reward is new stake: it votes on later proposals only.
                    record_power(config.epoch.get(), pos, before)?;
                    record_total(config, before, voting_stake(pos)?)?;
                }
                Ok(amount)
            })
        })?;
        let liabilities = config.liabilities.get().checked_sub(amount);
        let paid = config.paid.get().checked_add(amount);
        config
            .liabilities
            .set(liabilities.ok_or(Error::ArithmeticOverflow)?);
        config.paid.set(paid.ok_or(Error::ArithmeticOverflow)?);
        if args.compound {
            // Re-staked: the IO moves into the stake vault, which now owes it to the position.
            let staked = config.staked.get().checked_add(amount);
            config.staked.set(staked.ok_or(Error::ArithmeticOverflow)?);
        }
        Ok((amount, config.authority_bump))
    })?;
    if amount == 0 {
        return Ok(());
    }
    let to = if args.compound { &a.stake_vault } else { &a.to };
    let bump = [authority_bump];
    let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
    TransferChecked::new(
        &a.rewards_vault,
        &a.io_mint,
        to,
        &a.authority,
        amount,
        IO_DECIMALS,
    )
    .invoke_signed(&[Signer::from(&seeds)])?;
    Claimed {
        participant: *a.participant.address(),
        staker: *a.staker.address(),
        amount,
        compounded: args.compound,
    }
    .emit();
    Ok(())
}
