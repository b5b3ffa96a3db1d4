//! `set_iosd_params`: the conservative-price multiple, price age and rate limit. Admin only.

use crate::{
    checks::{check_admin, read_config},
    interface::{set_iosd_params, Error},
    state::IosdState,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = set_iosd_params::Accounts::parse(accounts)?;
    let args = set_iosd_params::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    if !crate::iosd::params_ok(args.max_price_age, args.rate_window) {
        return Err(Error::InvalidParams.into());
    }
    if !a.iosd_state.owned_by(program_id) {
        return Err(Error::InvalidIosd.into());
    }
    let mut account = a.iosd_state;
    let mut data = account.try_borrow_mut()?;
    let state = IosdState::from_bytes_mut(&mut data)?;
    state.conf_multiple = args.conf_multiple;
    state.max_price_age.set(args.max_price_age);
    state.rate_limit.set(args.rate_limit);
    state.rate_window.set(args.rate_window);
    Ok(())
}
