//! `accept_admin`: step two of the admin hand-over, signed by the proposed admin.

use crate::accounts::with_config_mut;
use crate::interface::{accept_admin, AdminAccepted, Error};
use io_common::admin;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (accept_admin::Accounts { new_admin, config }, _) =
        accept_admin::Accounts::parse(accounts)?;
    accept_admin::Args::parse(data)?;
    let previous_admin = with_config_mut(&config, |config| {
        admin::accept(
            &mut config.admin,
            &mut config.pending_admin,
            new_admin.address(),
        )
        .map_err(Error::from)
    })?;
    AdminAccepted {
        previous_admin,
        admin: *new_admin.address(),
    }
    .emit();
    Ok(())
}
