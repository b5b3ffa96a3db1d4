//! `prove_reserves`: anyone proves that io_staking's two vaults hold at least what they owe, one
//! `ReservesProven` event per vault, and fails with `ReservesShort` when one does not. Reads
//! only; O(1) (docs/staking.md, "Proof of reserves").
//!
//! - The stake vault owes every position its active, pending and cooling stake: `staked`, a
//!   running total kept by `stake`, compounding `claim`s, `withdraw` and `execute_slash`.
//! - The rewards vault owes `liabilities + carried`. `liabilities` is exact for what is owed
//!   to participants (`claimable`), to positions (`rewards`) and to closed epochs' unsettled
//!   registrations; what positions will still accrue lazily is inside `stakers_owed`, which
//!   always covers it (docs/staking.md, "Rounding"), so the proof bounds it from above.
//!   `carried` is IO the books hold for the next epoch's close. The surplus is the IO that
//!   arrived since the last close (emissions, re-mints, gifts): the next close's new rewards.

use super::vault_amount;
use crate::{
    accounts::read_config,
    interface::{prove_reserves, Error, ReservesProven},
    state::StakingConfig,
};
use io_common::reserves::{log_short, surplus};
use pinocchio::{AccountView, Address, ProgramResult};

/// What the rewards vault owes: assigned rewards not yet paid, plus the carried pool.
pub fn rewards_obligations(config: &StakingConfig) -> Result<u64, Error> {
    config
        .liabilities
        .get()
        .checked_add(config.carried.get())
        .ok_or(Error::ArithmeticOverflow)
}

/// Emits the vault's proof; true when it is short (after logging it).
fn prove(vault: &Address, balance: u64, obligations: u64) -> bool {
    let excess = surplus(balance, obligations);
    ReservesProven {
        vault: *vault,
        balance,
        obligations,
        surplus: excess.unwrap_or(0),
    }
    .emit();
    if excess.is_none() {
        log_short(vault);
    }
    excess.is_none()
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = prove_reserves::Accounts::parse(accounts)?;
    prove_reserves::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let stake_balance = vault_amount(&a.stake_vault, &config.stake_vault)?;
    let rewards_balance = vault_amount(&a.rewards_vault, &config.rewards_vault)?;
    let rewards_owed = rewards_obligations(&config)?;
    let stake_short = prove(&config.stake_vault, stake_balance, config.staked.get());
    let rewards_short = prove(&config.rewards_vault, rewards_balance, rewards_owed);
    if stake_short || rewards_short {
        return Err(Error::ReservesShort.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rewards_vault_owes_liabilities_and_the_carried_pool() {
        let mut buf = [0u8; StakingConfig::LEN];
        let config = StakingConfig::init(&mut buf).unwrap();
        config.liabilities.set(700);
        config.carried.set(45);
        assert_eq!(rewards_obligations(config).ok(), Some(745));
        config.carried.set(u64::MAX);
        assert!(matches!(
            rewards_obligations(config),
            Err(Error::ArithmeticOverflow)
        ));
    }
}
