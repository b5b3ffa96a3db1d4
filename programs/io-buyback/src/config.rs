//! The config accessors and the account checks the instructions share.

use crate::{
    interface::Error,
    state::{BuybackConfig, BUYBACK_AUTHORITY, BUYBACK_CONFIG},
};
use pinocchio::{
    sysvars::{clock::Clock, Sysvar},
    AccountView, Address,
};

io_common::account_access!(read read_any_config: BuybackConfig, Error::InvalidConfig, decode Error::InvalidConfig);
io_common::account_access!(write with_any_config_mut: BuybackConfig, Error::InvalidConfig, decode Error::InvalidConfig);

/// A copy of the config, at its fixed address (the PDA ["config"]) and owned by this program.
pub fn read_config(config: &AccountView) -> Result<BuybackConfig, Error> {
    if config.address() != &BUYBACK_CONFIG {
        return Err(Error::InvalidConfig);
    }
    read_any_config(config)
}

/// Runs `f` on the config in place, as `read_config` checks it.
pub fn with_config_mut<R>(
    config: &AccountView,
    f: impl FnOnce(&mut BuybackConfig) -> Result<R, Error>,
) -> Result<R, Error> {
    if config.address() != &BUYBACK_CONFIG {
        return Err(Error::InvalidConfig);
    }
    with_any_config_mut(config, f)
}

pub fn now() -> Result<i64, Error> {
    Clock::get()
        .map(|c| c.unix_timestamp)
        .map_err(|_| Error::ArithmeticOverflow)
}

/// An SPL Token account's amount (bytes 64..72), checking its address and owner program.
pub fn token_amount(vault: &AccountView, expected: &Address) -> Result<u64, Error> {
    if vault.address() != expected || !vault.owned_by(&pinocchio_token::ID) {
        return Err(Error::InvalidVault);
    }
    io_common::account::token_amount(vault).ok_or(Error::InvalidVault)
}

/// `to` may receive USDC from this program: not a token account of its authority (the buyback
/// or incentives vault, or any other), where it would be counted as fees again or stranded.
pub fn check_destination(to: &AccountView) -> Result<(), Error> {
    if io_common::account::token_account_owner(to) == Some(BUYBACK_AUTHORITY) {
        return Err(Error::InvalidDestination);
    }
    Ok(())
}

/// The signer is the config's admin.
pub fn check_admin(config: &BuybackConfig, admin: &AccountView) -> Result<(), Error> {
    if &config.admin != admin.address() {
        return Err(Error::Unauthorized);
    }
    Ok(())
}
