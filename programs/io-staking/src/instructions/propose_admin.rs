//! `propose_admin`: step one of the two-step admin hand-over (e.g. to the governance timelock).

use crate::accounts::with_config_mut;
use crate::interface::{propose_admin, AdminProposed, Error};
use io_common::admin;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (propose_admin::Accounts { admin, config }, _) = propose_admin::Accounts::parse(accounts)?;
    let args = propose_admin::Args::parse(data)?;
    with_config_mut(&config, |config| {
        admin::propose(
            &config.admin,
            &mut config.pending_admin,
            admin.address(),
            args.new_admin,
        )
        .map_err(Error::from)
    })?;
    AdminProposed {
        admin: *admin.address(),
        pending_admin: args.new_admin,
    }
    .emit();
    Ok(())
}
