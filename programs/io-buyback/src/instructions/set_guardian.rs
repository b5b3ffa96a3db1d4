//! `set_guardian`: names who may pause buying at once. Admin only.

use crate::{
    config::{check_admin, with_config_mut},
    interface::{set_guardian, GuardianSet},
};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (set_guardian::Accounts { admin, config }, _) = set_guardian::Accounts::parse(accounts)?;
    let args = set_guardian::Args::parse(data)?;
    with_config_mut(&config, |config| {
        check_admin(config, &admin)?;
        config.guardian = args.guardian;
        Ok(())
    })?;
    GuardianSet {
        guardian: args.guardian,
    }
    .emit();
    Ok(())
}
