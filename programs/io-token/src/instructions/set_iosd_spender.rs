//! `set_iosd_spender`: the program key allowed to hold and release IOSD for payments. Admin
//! only, and only while no IOSD is held (init_iosd names io_jobs' authority).

use crate::{
    checks::{check_admin, read_config},
    interface::{set_iosd_spender, Error},
    state::IosdState,
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = set_iosd_spender::Accounts::parse(accounts)?;
    let args = set_iosd_spender::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;
    check_admin(&config, &a.admin)?;
    if !a.iosd_state.owned_by(program_id) {
        return Err(Error::InvalidIosd.into());
    }
    let mut account = a.iosd_state;
    let mut data = account.try_borrow_mut()?;
    let state = IosdState::from_bytes_mut(&mut data)?;
    // While IOSD is held for open jobs or unclaimed earnings, only the spender that holds it can
    // release it: a new spender (the admin itself) could otherwise release it all to itself.
    if state.held.get() != 0 {
        return Err(Error::IosdStillHeld.into());
    }
    state.spender = args.spender;
    Ok(())
}
