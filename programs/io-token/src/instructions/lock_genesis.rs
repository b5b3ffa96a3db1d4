//! `lock_genesis`: no more grants.

use super::with_config_mut;
use crate::interface::{lock_genesis, Error, GenesisLocked};
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (lock_genesis::Accounts { admin, mut config }, _) =
        lock_genesis::Accounts::parse(accounts)?;
    lock_genesis::Args::parse(data)?;
    with_config_mut(program_id, &mut config, |config| {
        if &config.admin != admin.address() {
            return Err(Error::Unauthorized);
        }
        if config.genesis_locked.get() {
            return Err(Error::GenesisLocked);
        }
        config.genesis_locked.set(true);
        Ok(())
    })?;
    GenesisLocked {
        admin: *admin.address(),
    }
    .emit();
    Ok(())
}
