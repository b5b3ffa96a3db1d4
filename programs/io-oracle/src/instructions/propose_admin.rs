//! `propose_admin`: step one of the two-step admin hand-over.

use super::with_config_mut;
use crate::interface::{propose_admin, AdminProposed, Error};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (propose_admin::Accounts { admin, mut config }, _) =
        propose_admin::Accounts::parse(accounts)?;
    let args = propose_admin::Args::parse(data)?;
    with_config_mut(&mut config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        config.pending_admin = args.new_admin;
        Ok(())
    })?;
    AdminProposed {
        admin: *admin.address(),
        pending_admin: args.new_admin,
    }
    .emit();
    Ok(())
}
