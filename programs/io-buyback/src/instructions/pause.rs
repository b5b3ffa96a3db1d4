//! `pause`: stops `start_lot` and `buy` at once. The guardian or the admin.

use crate::{
    config::with_config_mut,
    interface::{pause, Error, PauseSet},
};
use pinocchio::{AccountView, Address, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (pause::Accounts { caller, config }, _) = pause::Accounts::parse(accounts)?;
    pause::Args::parse(data)?;
    with_config_mut(&config, |config| {
        let guardian =
            config.guardian != Address::default() && &config.guardian == caller.address();
        if !guardian && &config.admin != caller.address() {
            return Err(Error::Unauthorized);
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
