//! `close_epoch`: once the open epoch's length has passed (the length it opened with: a change
//! of `epoch_length` applies to the epochs opened afterwards), the new IO in the rewards vault is
//! split into the availability and compute pools at their rates, the compute rate at most the
//! governed `max_compute_rate`; `usage_bps` of the compute pool is the usage pool, paid by the
//! usage users synced (`sync_usage`) at most `max_usage_rate`. What nobody can earn (an empty
//! pool, what the caps leave, rounding) carries forward. Anyone may call it; each epoch closes once.

use super::{now, vault_amount};
use crate::{
    accounts::with_config_mut,
    interface::{close_epoch, EpochClosed, Error},
    rewards::{close, Terms},
    state::{Epoch, ACCOUNT_VERSION, EPOCH_SEED},
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = close_epoch::Accounts::parse(accounts)?;
    let args = close_epoch::Args::parse(data)?;
    let now = now()?;
    let index = args.epoch.to_le_bytes();
    let (address, bump) = Address::find_program_address(&seeds![EPOCH_SEED, &index], program_id);
    if a.epoch_state.address() != &address {
        return Err(Error::WrongEpoch.into());
    }
    let (c, terms, registrations) = with_config_mut(&a.config, |config| {
        if args.epoch != config.epoch.get() {
            return Err(Error::WrongEpoch);
        }
        let ends = config
            .epoch_start
            .get()
            .saturating_add(config.open_epoch_length.get() as i64);
        if now < ends {
            return Err(Error::EpochNotOver);
        }
        let balance = vault_amount(&a.rewards_vault, &config.rewards_vault)?;
        let available = balance
            .checked_sub(config.liabilities.get())
            .ok_or(Error::ArithmeticOverflow)?;
        let terms = Terms {
            available,
            availability_bps: config.availability_bps.get(),
            max_compute_rate: config.max_compute_rate.get(),
            usage_bps: config.usage_bps.get(),
            max_usage_rate: config.max_usage_rate.get(),
            weight: config.open_weight.get(),
            points: config.open_points.get(),
            usage: config.open_usage.get(),
        };
        let c = close(&terms).ok_or(Error::ArithmeticOverflow)?;
        // New emissions are what is available beyond what was carried already.
        let new = available.saturating_sub(config.carried.get());
        let emitted = config.emitted.get().checked_add(new);
        let liabilities = config.liabilities.get().checked_add(c.assigned);
        let next = config.epoch.get().checked_add(1);
        config
            .emitted
            .set(emitted.ok_or(Error::ArithmeticOverflow)?);
        config
            .liabilities
            .set(liabilities.ok_or(Error::ArithmeticOverflow)?);
        config.carried.set(c.carried);
        config.epoch.set(next.ok_or(Error::ArithmeticOverflow)?);
        config.epoch_start.set(now);
        config.open_epoch_length.set(config.epoch_length.get());
        let registrations = config.open_registrations.get();
        config.open_weight.set(0);
        config.open_points.set(0);
        config.open_usage.set(0);
        config.open_registrations.set(0);
        Ok((c, terms, registrations))
    })?;
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(EPOCH_SEED),
        Seed::from(&index),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.payer,
        account: &a.epoch_state,
        space: Epoch::LEN,
        rent_space: Epoch::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    let mut account = a.epoch_state;
    let mut data = account.try_borrow_mut()?;
    let e = Epoch::init(&mut data)?;
    e.version = ACCOUNT_VERSION;
    e.bump = bump;
    e.index.set(args.epoch);
    e.availability_rate.set(c.availability_rate);
    e.compute_rate.set(c.compute_rate);
    e.weight.set(terms.weight);
    e.points.set(terms.points);
    e.usage_rate.set(c.usage_rate);
    e.usage.set(terms.usage);
    e.remaining.set(c.assigned);
    e.outstanding.set(registrations);
    e.closed_at.set(now);
    EpochClosed {
        epoch: args.epoch,
        rewards: c.assigned.saturating_add(c.carried),
        availability: crate::rewards::earned(terms.weight, c.availability_rate).unwrap_or(0),
        compute: crate::rewards::earned(terms.points, c.compute_rate).unwrap_or(0),
        carried: c.carried,
        weight: terms.weight,
        points: terms.points,
        usage: crate::rewards::earned(terms.usage, c.usage_rate).unwrap_or(0),
    }
    .emit();
    Ok(())
}
