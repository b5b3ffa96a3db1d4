//! `pause`: stops `start_lot` and `buy` at once. The guardian or the admin.

use crate::{
    config::{now, with_config_mut},
    interface::{pause, Error, PauseSet},
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (pause::Accounts { caller, config }, _) = pause::Accounts::parse(accounts)?;
    pause::Args::parse(data)?;
    let now = now()?;
    with_config_mut(&config, |config| {
        let guardian =
            config.guardian != Address::default() && &config.guardian == caller.address();
        if !guardian && &config.admin != caller.address() {
            return Err(Error::Unauthorized);
        }
        // A new pause begins now; pausing a paused buyback keeps the pause it is in (the
        // guardian cannot make a queued unpause stale by pausing again).
        if !config.paused.get() {
            config.paused_at.set(now);
        }
        config.paused.set(true);
        Ok(())
    })?;
    PauseSet {
        caller: *caller.address(),
        paused: true,
    }
    .emit();
    Ok(())
}
