//! `crank`: mints the emission schedule up to the current whole hour. Permissionless; O(1).

use crate::{
    checks::{check_authority, now, whole_hours},
    emission::cumulative,
    interface::{crank, EmissionsMinted, Error},
    state::EmissionState,
    token::AuthorityMint,
};
use pinocchio::{AccountView, ProgramResult};

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
    if amount == 0 {
        return Err(Error::NothingToMint.into());
    }
    emission.minted.set(total);
    emission.last_hour.set(hour);
    drop(data);

    AuthorityMint {
        mint: &a.io_mint,
        to: &a.rewards_vault,
        authority: &a.authority,
        authority_bump,
    }
    .invoke(amount)?;
    EmissionsMinted {
        hour,
        amount,
        total_minted: total,
    }
    .emit();
    Ok(())
}
