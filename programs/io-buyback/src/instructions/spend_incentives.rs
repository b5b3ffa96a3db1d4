//! `spend_incentives`: the admin (governance later) pays USD incentives out of the incentives
//! vault, to any USDC account but this program's own.

use crate::{
    config::{check_admin, check_destination, token_amount, with_config_mut},
    interface::{spend_incentives, Error, IncentivesSpent},
    state::{AUTHORITY_SEED, BUYBACK_AUTHORITY, INCENTIVES_VAULT, USDC_DECIMALS},
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};
use pinocchio_token::instructions::TransferChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = spend_incentives::Accounts::parse(accounts)?;
    let args = spend_incentives::Args::parse(data)?;
    if args.amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    if a.authority.address() != &BUYBACK_AUTHORITY {
        return Err(Error::InvalidVault.into());
    }
    let balance = token_amount(&a.incentives_vault, &INCENTIVES_VAULT)?;
    let (spent_total, authority_bump) = with_config_mut(&a.config, |config| {
        check_admin(config, &a.admin)?;
        if a.usdc_mint.address() != &config.usdc_mint {
            return Err(Error::InvalidVault);
        }
        check_destination(&a.destination)?;
        if args.amount > balance {
            return Err(Error::InsufficientFunds);
        }
        let spent = config.incentives_spent.get().checked_add(args.amount);
        let spent = spent.ok_or(Error::ArithmeticOverflow)?;
        config.incentives_spent.set(spent);
        Ok((spent, config.authority_bump))
    })?;
    let bump = [authority_bump];
    let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
    TransferChecked::new(
        &a.incentives_vault,
        &a.usdc_mint,
        &a.destination,
        &a.authority,
        args.amount,
        USDC_DECIMALS,
    )
    .invoke_signed(&[Signer::from(&seeds)])?;
    IncentivesSpent {
        destination: *a.destination.address(),
        amount: args.amount,
        spent_total,
    }
    .emit();
    Ok(())
}
