//! `sweep_io_fees`: anyone burns the IO fee vault's unswept amount — the IO network fees and the
//! IO token shares settled since the last sweep — with a Token-2022 burn signed by the jobs
//! authority. The books say how much: IO sent to the vault by anyone else is never burned.

use super::with_config_mut;
use crate::{
    interface::{sweep_io_fees, Error, IoFeesBurned},
    money::read_config,
    reserves,
    state::{AUTHORITY_SEED, IO_DECIMALS, PAY_IO},
};
use io_common::seeds;
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};
use pinocchio_token_2022::instructions::BurnChecked;

/// SPL mint layout: the supply (u64 LE) at bytes 36..44.
const MINT_SUPPLY: core::ops::Range<usize> = 36..44;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = sweep_io_fees::Accounts::parse(accounts)?;
    sweep_io_fees::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let c = PAY_IO as usize;
    let authority = Address::derive_address(
        &seeds![AUTHORITY_SEED],
        Some(config.authority_bump),
        &crate::ID,
    );
    if a.io_mint.address() != &config.mints[c]
        || a.io_fee_vault.address() != &config.fee_vaults[c]
        || a.authority.address() != &authority
    {
        return Err(Error::InvalidVault.into());
    }
    let (fees, token_shares) = reserves::unswept(&config, PAY_IO)?;
    let amount = fees
        .checked_add(token_shares)
        .ok_or(Error::ArithmeticOverflow)?;
    if amount == 0 {
        return Err(Error::NothingToSweep.into());
    }
    with_config_mut(&a.config, |config| {
        reserves::swept(config, PAY_IO);
        let burned = config.io_burned.get().checked_add(amount);
        config
            .io_burned
            .set(burned.ok_or(Error::ArithmeticOverflow)?);
        Ok(())
    })?;
    let bump = [config.authority_bump];
    let signer_seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
    BurnChecked::new(
        &a.io_fee_vault,
        &a.io_mint,
        &a.authority,
        amount,
        IO_DECIMALS,
    )
    .invoke_signed(&[Signer::from(&signer_seeds)])?;
    let supply = {
        let mint = a.io_mint.try_borrow()?;
        mint.get(MINT_SUPPLY)
            .and_then(|b| b.first_chunk::<8>())
            .map(|b| u64::from_le_bytes(*b))
            .ok_or(Error::InvalidVault)?
    };
    IoFeesBurned {
        amount,
        fees,
        token_shares,
        supply,
    }
    .emit();
    Ok(())
}
