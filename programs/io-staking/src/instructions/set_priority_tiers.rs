//! `set_priority_tiers`: the stake thresholds (whole IO) of the three priority tiers. Admin only
//! (governance later: io_common::governance setter 10, parameters 104..=106). Nothing is stored
//! per participant: a participant's tier is read from its counted stake against these, so a
//! change applies to everyone at once (docs/demand-side.md, "Stake for priority").

use crate::{
    accounts::with_config_mut,
    interface::{set_priority_tiers, Error},
    state::PriorityTiers,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_priority_tiers::Accounts { admin, config }, _) =
        set_priority_tiers::Accounts::parse(accounts)?;
    let a = set_priority_tiers::Args::parse(data)?;
    let tiers = PriorityTiers([a.tier1_io, a.tier2_io, a.tier3_io]);
    if !tiers.valid() {
        return Err(Error::InvalidPriorityTiers.into());
    }
    with_config_mut(&config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        for (field, value) in config.priority_io.iter_mut().zip(tiers.0) {
            field.set(value);
        }
        Ok(())
    })?;
    Ok(())
}
