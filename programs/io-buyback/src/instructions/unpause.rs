//! `unpause`: buying resumes. The admin only (governance later), never the guardian.

use crate::{
    config::{check_admin, with_config_mut},
    interface::{unpause, PauseSet},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (unpause::Accounts { admin, config }, _) = unpause::Accounts::parse(accounts)?;
    unpause::Args::parse(data)?;
    with_config_mut(&config, |config| {
        check_admin(config, &admin)?;
        config.paused.set(false);
        Ok(())
    })?;
    PauseSet {
        caller: *admin.address(),
        paused: false,
    }
    .emit();
    Ok(())
}
