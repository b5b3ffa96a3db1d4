//! `prove_reserves`: anyone proves that each of io_token's vaults holds at least what it owes,
//! one `ReservesProven` event per vault, and fails with `ReservesShort` when one does not.
//! Reads only; O(1) per vault (docs/supply.md, "Proof of reserves").
//!
//! - A vesting bucket's vault (seed, series A, core contributors) owes its grants what they
//!   have not claimed: `granted - claimed`, both running totals in the config. Its surplus is
//!   the part of the bucket never granted.
//! - Research & ecosystem and community owe nobody (the admin releases them; an airdrop's IO
//!   leaves for the airdrop's own vault when it is created): obligations 0, a report only.
//! - An airdrop vault owes its open airdrop `total - claimed` (0 once closed).
//! - IOSD has no vault: held IOSD is re-minted when released. What io_token can prove is that
//!   every IOSD in circulation or held for payments was bought with IO: its backing is IOSD ever
//!   minted for IO less what was retired, its obligations the IOSD mint's supply plus `held`
//!   (`vault` = the IOSD mint). That `held` matches the payments io_jobs still owes is io_jobs'
//!   proof.

use crate::{
    checks::{check_airdrop_vault, check_vault, read_config, token_balance},
    interface::{prove_reserves, Error, ReservesProven},
    state::{Airdrop, IosdState, TokenConfig, BUCKET_COUNT},
};
use io_common::reserves::{log_short, surplus};
use pinocchio::{AccountView, Address, ProgramResult};

/// What genesis vault `bucket` owes: a vesting bucket's grants' unclaimed IO; nothing for the
/// released buckets.
pub fn genesis_obligations(config: &TokenConfig, bucket: u8) -> Result<u64, Error> {
    let (granted, claimed) = match bucket {
        0 => (config.granted_seed.get(), config.claimed_seed.get()),
        1 => (config.granted_series_a.get(), config.claimed_series_a.get()),
        2 => (
            config.granted_core_contributors.get(),
            config.claimed_core_contributors.get(),
        ),
        _ => return Ok(0),
    };
    granted
        .checked_sub(claimed)
        .ok_or(Error::ArithmeticOverflow)
}

/// What an airdrop's vault owes: the unclaimed part of an open airdrop.
pub fn airdrop_obligations(airdrop: &Airdrop) -> Result<u64, Error> {
    if airdrop.closed.get() {
        return Ok(0);
    }
    airdrop
        .total
        .get()
        .checked_sub(airdrop.claimed.get())
        .ok_or(Error::ArithmeticOverflow)
}

/// IOSD's backing (ever minted for IO less retired) and obligations (supply plus held).
pub fn iosd_reserves(state: &IosdState, supply: u64) -> Result<(u64, u64), Error> {
    let backing = state.iosd_minted.get().saturating_sub(state.retired.get());
    let owed = supply
        .checked_add(state.held.get())
        .ok_or(Error::ArithmeticOverflow)?;
    Ok((backing, owed))
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

/// A Token-2022 mint's supply (bytes 36..44 of the base layout), checking the owner.
fn mint_supply(mint: &AccountView) -> Result<u64, Error> {
    if !mint.owned_by(&pinocchio_token_2022::ID) {
        return Err(Error::InvalidIosd);
    }
    let data = mint.try_borrow().map_err(|_| Error::InvalidIosd)?;
    data.get(36..44)
        .and_then(|b| b.first_chunk::<8>())
        .map(|b| u64::from_le_bytes(*b))
        .ok_or(Error::InvalidIosd)
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, airdrops) = prove_reserves::Accounts::parse(accounts)?;
    prove_reserves::Args::parse(data)?;
    let config = read_config(program_id, &a.config)?;

    // Every account is checked before the first event.
    let vaults = [
        &a.vault_seed,
        &a.vault_series_a,
        &a.vault_core_contributors,
        &a.vault_ecosystem,
        &a.vault_community,
    ];
    let mut balances = [0u64; BUCKET_COUNT];
    for (bucket, vault) in vaults.iter().enumerate() {
        check_vault(program_id, &config, vault, bucket as u8)?;
        balances[bucket] = token_balance(vault, &config.io_mint)?;
    }
    if !a.iosd_state.owned_by(program_id) {
        return Err(Error::InvalidIosd.into());
    }
    let iosd = {
        let data = a.iosd_state.try_borrow().map_err(|_| Error::InvalidIosd)?;
        *IosdState::from_bytes(&data)?
    };
    if a.iosd_mint.address() != &iosd.iosd_mint {
        return Err(Error::InvalidIosd.into());
    }
    let (iosd_backing, iosd_owed) = iosd_reserves(&iosd, mint_supply(&a.iosd_mint)?)?;
    if airdrops.len() % 2 != 0 {
        return Err(Error::InvalidAirdrop.into());
    }
    for pair in airdrops.chunks(2) {
        let [airdrop, vault] = pair else {
            return Err(Error::InvalidAirdrop.into());
        };
        if !airdrop.owned_by(program_id) {
            return Err(Error::InvalidAirdrop.into());
        }
        let data = airdrop.try_borrow().map_err(|_| Error::InvalidAirdrop)?;
        check_airdrop_vault(program_id, Airdrop::from_bytes(&data)?, vault)?;
        token_balance(vault, &config.io_mint)?;
    }

    let mut short = false;
    for (bucket, vault) in vaults.iter().enumerate() {
        let owed = genesis_obligations(&config, bucket as u8)?;
        short |= prove(vault.address(), balances[bucket], owed);
    }
    for pair in airdrops.chunks(2) {
        let [airdrop, vault] = pair else {
            return Err(Error::InvalidAirdrop.into());
        };
        let data = airdrop.try_borrow().map_err(|_| Error::InvalidAirdrop)?;
        let owed = airdrop_obligations(Airdrop::from_bytes(&data)?)?;
        short |= prove(
            vault.address(),
            token_balance(vault, &config.io_mint)?,
            owed,
        );
    }
    short |= prove(a.iosd_mint.address(), iosd_backing, iosd_owed);
    if short {
        return Err(Error::ReservesShort.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vesting_vault_owes_its_grants_unclaimed_io_and_the_others_nothing() {
        let mut buf = [0u8; TokenConfig::LEN];
        let config = TokenConfig::init(&mut buf).unwrap();
        config.granted_seed.set(1_000);
        config.claimed_seed.set(400);
        config.granted_core_contributors.set(7);
        assert_eq!(genesis_obligations(config, 0).ok(), Some(600));
        assert_eq!(genesis_obligations(config, 1).ok(), Some(0));
        assert_eq!(genesis_obligations(config, 2).ok(), Some(7));
        assert_eq!(genesis_obligations(config, 3).ok(), Some(0));
        assert_eq!(genesis_obligations(config, 4).ok(), Some(0));
        config.claimed_series_a.set(1);
        assert!(matches!(
            genesis_obligations(config, 1),
            Err(Error::ArithmeticOverflow)
        ));
    }

    #[test]
    fn an_airdrop_vault_owes_the_unclaimed_part_until_closed() {
        let mut buf = [0u8; Airdrop::LEN];
        let airdrop = Airdrop::init(&mut buf).unwrap();
        airdrop.total.set(500);
        airdrop.claimed.set(120);
        assert_eq!(airdrop_obligations(airdrop).ok(), Some(380));
        airdrop.closed.set(true);
        assert_eq!(airdrop_obligations(airdrop).ok(), Some(0));
    }

    #[test]
    fn iosd_in_circulation_and_held_is_backed_by_iosd_bought_with_io() {
        let mut buf = [0u8; IosdState::LEN];
        let state = IosdState::init(&mut buf).unwrap();
        state.iosd_minted.set(1_000);
        state.retired.set(50);
        state.held.set(200);
        // supply + held + retired = minted: backed exactly.
        assert_eq!(iosd_reserves(state, 750).ok(), Some((950, 950)));
        // IOSD burned by its owner outside a payment: surplus.
        assert_eq!(iosd_reserves(state, 700).ok(), Some((950, 900)));
        // More in circulation than was bought: short.
        let (backing, owed) = iosd_reserves(state, 751).unwrap();
        assert!(surplus(backing, owed).is_none());
    }
}
