//! `sweep_usdc_fees`: anyone moves the USDC fee vault's unswept amount to io_buyback — the token
//! shares and `fee_buyback_bps` of the fees (rounded down) to its USDC vault, the rest of the
//! fees to its USD-incentives vault — by SPL Token transfers signed by the jobs authority. Both
//! destinations are io_buyback's fixed addresses and must be live USDC accounts of its
//! authority; only the accounted amount moves (a donation to the fee vault stays there).

use super::with_config_mut;
use crate::{
    interface::{sweep_usdc_fees, Error, UsdcFeesSwept},
    money::read_config,
    reserves,
    state::{AUTHORITY_SEED, PAY_USDC},
};
use io_common::{
    account::TOKEN_ACCOUNT_LEN,
    buyback::{BUYBACK_AUTHORITY, BUYBACK_USDC_VAULT, INCENTIVES_VAULT},
    seeds,
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};
use pinocchio_token::instructions::TransferChecked;

/// USDC amounts are USD with 6 decimals.
const USDC_DECIMALS: u8 = 6;
/// SPL token account layout: mint, owner, amount, ..., state (1 initialized, 2 frozen) at 108.
const TOKEN_STATE: usize = 108;
const INITIALIZED: u8 = 1;

/// A live (initialised, not frozen) SPL Token account of `mint` owned by io_buyback's authority.
fn live_buyback_account(account: &AccountView, mint: &Address) -> Result<(), Error> {
    if !account.owned_by(&pinocchio_token::ID) {
        return Err(Error::BuybackNotReady);
    }
    let data = account.try_borrow().map_err(|_| Error::BuybackNotReady)?;
    let ok = data.len() == TOKEN_ACCOUNT_LEN
        && data.get(0..32) == Some(mint.as_ref())
        && data.get(32..64) == Some(BUYBACK_AUTHORITY.as_ref())
        && data.get(TOKEN_STATE) == Some(&INITIALIZED);
    if !ok {
        return Err(Error::BuybackNotReady);
    }
    Ok(())
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = sweep_usdc_fees::Accounts::parse(accounts)?;
    sweep_usdc_fees::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let c = PAY_USDC as usize;
    let authority = Address::derive_address(
        &seeds![AUTHORITY_SEED],
        Some(config.authority_bump),
        &crate::ID,
    );
    // The destinations by address: a substituted vault (the caller's own, this program's
    // escrow, the other destination) is refused before anything moves.
    if a.usdc_mint.address() != &config.mints[c]
        || a.usdc_fee_vault.address() != &config.fee_vaults[c]
        || a.authority.address() != &authority
        || a.buyback_vault.address() != &BUYBACK_USDC_VAULT
        || a.incentives_vault.address() != &INCENTIVES_VAULT
    {
        return Err(Error::InvalidVault.into());
    }
    live_buyback_account(&a.buyback_vault, &config.mints[c])?;
    live_buyback_account(&a.incentives_vault, &config.mints[c])?;
    let (fees, token_shares) = reserves::unswept(&config, PAY_USDC)?;
    if fees == 0 && token_shares == 0 {
        return Err(Error::NothingToSweep.into());
    }
    let (to_buyback, to_incentives) =
        reserves::usdc_split(fees, token_shares, config.fee_buyback_bps.get())
            .ok_or(Error::ArithmeticOverflow)?;
    with_config_mut(&a.config, |config| {
        reserves::swept(config, PAY_USDC);
        let buyback = config.to_buyback.get().checked_add(to_buyback);
        let incentives = config.to_incentives.get().checked_add(to_incentives);
        config
            .to_buyback
            .set(buyback.ok_or(Error::ArithmeticOverflow)?);
        config
            .to_incentives
            .set(incentives.ok_or(Error::ArithmeticOverflow)?);
        Ok(())
    })?;
    let bump = [config.authority_bump];
    let signer_seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
    for (to, amount) in [
        (&a.buyback_vault, to_buyback),
        (&a.incentives_vault, to_incentives),
    ] {
        if amount > 0 {
            TransferChecked::new(
                &a.usdc_fee_vault,
                &a.usdc_mint,
                to,
                &a.authority,
                amount,
                USDC_DECIMALS,
            )
            .invoke_signed(&[Signer::from(&signer_seeds)])?;
        }
    }
    UsdcFeesSwept {
        to_buyback,
        to_incentives,
        fees,
        token_shares,
    }
    .emit();
    Ok(())
}
