pub mod accept_admin;
pub mod attest_availability;
pub mod claim;
pub mod close_epoch;
pub mod contest_slash;
pub mod execute_slash;
pub mod initialize;
pub mod lock_position;
pub mod propose_admin;
pub mod prove_reserves;
pub mod register_participant;
pub mod resolve_slash;
pub mod set_priority_tiers;
pub mod set_reward_share;
pub mod set_slashing;
pub mod set_staking_params;
pub mod set_usage_params;
pub mod stake;
pub mod sync_points;
pub mod sync_usage;
pub mod unstake;
pub mod vote_slash;
pub mod withdraw;

use crate::interface::Error;
use pinocchio::{
    sysvars::{clock::Clock, Sysvar},
    AccountView, Address,
};

pub(crate) fn now() -> Result<i64, Error> {
    Clock::get()
        .map(|c| c.unix_timestamp)
        .map_err(|_| Error::ArithmeticOverflow)
}

/// A Token-2022 account's amount (the SPL layout's bytes 64..72), checking its address.
pub(crate) fn vault_amount(vault: &AccountView, expected: &Address) -> Result<u64, Error> {
    if vault.address() != expected || !vault.owned_by(&pinocchio_token_2022::ID) {
        return Err(Error::InvalidVault);
    }
    io_common::account::token_amount(vault).ok_or(Error::InvalidVault)
}
