//! `crank`: mints the emission schedule up to the current whole hour, plus the net-emission
//! re-mint of burned IO. Permissionless; O(1).

use crate::{
    checks::{check_authority, now, whole_hours},
    emission::cumulative,
    interface::{crank, EmissionsMinted, Error},
    state::{EmissionState, GENESIS_SUPPLY, MAX_SUPPLY},
    token::AuthorityMint,
};
use io_common::math::checked_mul;
use pinocchio::{AccountView, ProgramResult};

/// The IO mint's supply (base mint layout: supply at bytes 36..44).
fn mint_supply(mint: &AccountView) -> Result<u64, Error> {
    let data = mint.try_borrow().map_err(|_| Error::InvalidMint)?;
    let bytes = data
        .get(36..44)
        .and_then(|b| b.first_chunk::<8>())
        .ok_or(Error::InvalidMint)?;
    Ok(u64::from_le_bytes(*bytes))
}

/// Net emissions: burned IO (everything ever minted less the supply, less what was already
/// re-minted) may be re-minted at `remint_cap_per_hour` for each hour since the last crank,
/// never taking the supply, with this crank's `scheduled` amount, above 800M.
fn remint_allowance(
    emission: &EmissionState,
    supply: u64,
    scheduled: u64,
    hour: u64,
) -> Result<u64, Error> {
    let ever = GENESIS_SUPPLY
        .checked_add(emission.minted.get())
        .and_then(|v| v.checked_add(emission.reminted.get()))
        .ok_or(Error::ArithmeticOverflow)?;
    let burned = ever.saturating_sub(supply);
    let unreminted = burned.saturating_sub(emission.reminted.get());
    let hours = hour.saturating_sub(emission.remint_hour.get());
    let budget = checked_mul(emission.remint_cap_per_hour.get(), hours).unwrap_or(u64::MAX);
    let room = MAX_SUPPLY.saturating_sub(supply.saturating_add(scheduled));
    Ok(unreminted.min(budget).min(room))
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = crank::Accounts::parse(accounts)?;
    crank::Args::parse(data)?;
    if !a.emission.owned_by(program_id) {
        return Err(Error::InvalidEmission.into());
    }
    let mut account = a.emission;
    let mut data = account.try_borrow_mut()?;
    let emission = EmissionState::from_bytes_mut(&mut data)?;
    if a.io_mint.address() != &emission.io_mint {
        return Err(Error::InvalidMint.into());
    }
    if a.rewards_vault.address() != &emission.rewards_vault {
        return Err(Error::InvalidRewardsVault.into());
    }
    let authority_bump = emission.authority_bump;
    check_authority(program_id, &a.authority, authority_bump)?;

    let hour = whole_hours(emission.start_ts.get(), now()?);
    let total = cumulative(hour);
    let amount = total.saturating_sub(emission.minted.get());
    let remint = remint_allowance(emission, mint_supply(&a.io_mint)?, amount, hour)?;
    if amount == 0 && remint == 0 {
        return Err(Error::NothingToMint.into());
    }
    emission.minted.set(total);
    emission.last_hour.set(hour);
    let reminted = emission
        .reminted
        .get()
        .checked_add(remint)
        .ok_or(Error::ArithmeticOverflow)?;
    emission.reminted.set(reminted);
    emission.remint_hour.set(hour);
    let to_mint = amount
        .checked_add(remint)
        .ok_or(Error::ArithmeticOverflow)?;
    drop(data);

    AuthorityMint {
        mint: &a.io_mint,
        to: &a.rewards_vault,
        authority: &a.authority,
        authority_bump,
    }
    .invoke(to_mint)?;
    EmissionsMinted {
        hour,
        amount,
        reminted: remint,
        total_minted: total,
    }
    .emit();
    Ok(())
}
