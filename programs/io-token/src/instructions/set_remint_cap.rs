//! `set_remint_cap`: the net-emission allowance per hour, from the current hour on. Admin only.

use crate::{
    checks::{check_admin, now, read_config, whole_hours},
    interface::{set_remint_cap, Error},
    state::EmissionState,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = set_remint_cap::Accounts::parse(accounts)?;
    let args = set_remint_cap::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    if !a.emission.owned_by(program_id) {
        return Err(Error::InvalidEmission.into());
    }
    let mut account = a.emission;
    let mut data = account.try_borrow_mut()?;
    let emission = EmissionState::from_bytes_mut(&mut data)?;
    // The new cap applies from this hour on, never to the hours before it.
    emission
        .remint_hour
        .set(whole_hours(emission.start_ts.get(), now()?));
    emission.remint_cap_per_hour.set(args.cap_per_hour);
    Ok(())
}
