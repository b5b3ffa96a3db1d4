//! `sync_usage`: the usage a user participant paid in settled io_jobs jobs since its last sync
//! registers for the open epoch (docs/demand-side.md, "Usage rewards for teams"). Anyone may
//! call it. The mirror of `sync_points`: io_jobs' `settle_jobs` adds the USD value of the hours
//! each settled job paid for to the user's profile (`paid_usd`, only rising; a profile is never
//! closed), and the participant's `points_synced` (unused for users otherwise) holds what was
//! synced. The first sync counts all of `paid_usd`, usage from before the participant existed
//! included: hoarding usage and syncing it in a thin epoch earns at most `max_usage_rate` per
//! dollar, whenever it is synced. While usage rewards are off (`usage_bps` or `max_usage_rate`
//! 0, as `initialize` leaves them) nothing syncs (`UsageOff`): the usage would settle at a rate of
//! 0 and be marked synced, so anyone could erase a team's history before usage rewards start
//! (review 18u, finding 2).

use crate::{
    accounts::{register, settle, with_config_mut, with_participant_mut},
    interface::{sync_usage, Error, Registered},
    jobs,
    state::KIND_USER,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = sync_usage::Accounts::parse(accounts)?;
    sync_usage::Args::parse(data)?;
    let (epoch, usage) = with_config_mut(&a.config, |config| {
        with_participant_mut(&a.participant, |p| {
            if p.kind != KIND_USER {
                return Err(Error::NotAUser);
            }
            let profile = jobs::read_profile(&a.profile, &p.key)?;
            if config.usage_bps.get() == 0 || config.max_usage_rate.get() == 0 {
                return Err(Error::UsageOff);
            }
            // paid_usd only rises; should it ever be below what was synced, nothing is new.
            let usage = profile.paid_usd.saturating_sub(p.points_synced.get());
            settle(config, p, &a.participant, &a.last_epoch)?;
            register(config, p, 0, usage)?;
            p.points_synced.set(profile.paid_usd);
            Ok((config.epoch.get(), usage))
        })
    })?;
    if usage > 0 {
        Registered {
            participant: *a.participant.address(),
            epoch,
            weight: 0,
            points: usage,
        }
        .emit();
    }
    Ok(())
}
